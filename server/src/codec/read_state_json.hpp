// Read states as JSON (SPEC §8): the objects of the read-states route and of ready, and the
// read.ack frame a user's gateways get.
#pragma once
#include <string>
#include <vector>

#include "model/read_state.hpp"

namespace codec {

// {"channel_id","last_read_id","mention_count"}
void append_read_state(std::string& out, const model::ReadState& state);
// [ {...}, ... ]
void append_read_states(std::string& out, const std::vector<model::ReadState>& states);
// {"type":"read.ack","channel_id","last_read_id","mention_count"}
std::string read_ack_frame(const model::ReadState& state);

}  // namespace codec

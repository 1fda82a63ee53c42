#include "codec/read_state_json.hpp"

#include "codec/json_text.hpp"

namespace codec {
namespace {

void append_fields(std::string& out, const model::ReadState& state) {
  out.append(R"("channel_id":)");
  append_int(out, state.channel_id);
  out.append(R"(,"last_read_id":)");
  append_int(out, state.last_read_id);
  out.append(R"(,"mention_count":)");
  append_int(out, state.mention_count);
}

}  // namespace

void append_read_state(std::string& out, const model::ReadState& state) {
  out.push_back('{');
  append_fields(out, state);
  out.push_back('}');
}

void append_read_states(std::string& out, const std::vector<model::ReadState>& states) {
  out.push_back('[');
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (i) out.push_back(',');
    append_read_state(out, states[i]);
  }
  out.push_back(']');
}

std::string read_ack_frame(const model::ReadState& state) {
  std::string out = R"({"type":"read.ack",)";
  append_fields(out, state);
  out.push_back('}');
  return out;
}

}  // namespace codec

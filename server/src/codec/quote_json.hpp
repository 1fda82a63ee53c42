// A stored frame of a reply rewritten to show the message it quotes as deleted (SPEC §7), the
// same on every backend: its `reply_to` becomes {"id", "deleted": true}.
#pragma once
#include <string>
#include <string_view>

#include "model/ids.hpp"

namespace codec {

// The frame with frame[key].reply_to replaced; empty when the text is not such a frame.
std::string frame_quoting_deleted(std::string_view frame_text, const char* key,
                                  model::Id deleted_id);

}  // namespace codec

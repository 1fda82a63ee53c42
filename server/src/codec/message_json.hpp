// Messages as JSON (SPEC §7): the same object in REST bodies and WebSocket frames.
#pragma once
#include <string>

#include "model/message.hpp"

namespace codec {

// {"id","sender","sender_id","content","timestamp","channel_id","edited_at","reply_to",
//  "mentions","mention_everyone","reactions","attachments"}
void append_message_json(std::string& out, const model::Message& message);
// {"id","deleted":true}: what is left of a deleted message wherever it is shown.
void append_deleted_message_json(std::string& out, model::Id message_id);
// The original djchat frame's object: {"id","sender","sender_id","content","timestamp",
// "channel_id"}.
void append_original_message_json(std::string& out, const model::Message& message);

// A reply's preview of the message it answers: content cut to this many code points.
constexpr std::size_t kReplyPreviewChars = 100;
std::string cut_to_code_points(std::string_view text, std::size_t max_code_points);

}  // namespace codec

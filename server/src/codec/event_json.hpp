// The frames of a channel's events (SPEC §6). Each is built once, stored or sent as it is:
// every recipient shares the same bytes.
#pragma once
#include <string>
#include <string_view>

#include "model/event.hpp"
#include "model/message.hpp"

namespace codec {

// {"type":"chat.message","channel_id","seq","new_message":<message>}; ends with "}}" so that
// a sender's nonce can be spliced in (with_nonce).
std::string message_create_frame(const model::Message& message, model::Id seq);
// The same frame with "nonce" (serialized JSON) as the last key of new_message.
std::string with_nonce(std::string_view create_frame, std::string_view nonce_json);
// {"type":"chat.message_update","channel_id","seq","message":<message>}
std::string message_update_frame(const model::Message& message, model::Id seq);
// The create or update frame of a message deleted since: the message is {"id","deleted":true}.
std::string deleted_message_frame(model::EventKind kind, model::Id channel_id, model::Id seq,
                                  model::Id message_id);
// {"type":"chat.message_delete","channel_id","seq","id"}
std::string message_delete_frame(model::Id channel_id, model::Id seq, model::Id message_id);
// {"type":"chat.reaction_add"|"chat.reaction_remove","channel_id","seq","message_id","emoji",
// "user_id"}; a reaction event of a message deleted since has no emoji or user_id but
// "deleted":true (deleted_reaction_frame).
std::string reaction_frame(model::EventKind kind, model::Id channel_id, model::Id seq,
                           model::Id message_id, std::string_view emoji, model::Id user_id);
std::string deleted_reaction_frame(model::EventKind kind, model::Id channel_id, model::Id seq,
                                   model::Id message_id);

// The original protocol's frame (SPEC §3): {"type":"chat.message","new_message":{...}}.
std::string original_message_frame(const model::Message& message);

}  // namespace codec

#include "codec/event_json.hpp"

#include "codec/json_text.hpp"
#include "codec/message_json.hpp"

namespace codec {
namespace {

void begin_frame(std::string& out, std::string_view type, model::Id channel_id, model::Id seq) {
  out.append(R"({"type":")");
  out.append(type);
  out.append(R"(","channel_id":)");
  append_int(out, channel_id);
  out.append(R"(,"seq":)");
  append_int(out, seq);
}

std::string_view reaction_type(model::EventKind kind) {
  return kind == model::EventKind::reaction_add ? "chat.reaction_add" : "chat.reaction_remove";
}

}  // namespace

std::string message_create_frame(const model::Message& message, model::Id seq) {
  std::string out;
  out.reserve(320 + message.content.size());
  begin_frame(out, "chat.message", message.channel_id, seq);
  out.append(R"(,"new_message":)");
  append_message_json(out, message);
  out.push_back('}');
  return out;
}

std::string with_nonce(std::string_view create_frame, std::string_view nonce_json) {
  std::string out;
  out.reserve(create_frame.size() + nonce_json.size() + 12);
  out.append(create_frame.substr(0, create_frame.size() - 2));
  out.append(R"(,"nonce":)");
  out.append(nonce_json);
  out.append("}}");
  return out;
}

std::string message_update_frame(const model::Message& message, model::Id seq) {
  std::string out;
  out.reserve(320 + message.content.size());
  begin_frame(out, "chat.message_update", message.channel_id, seq);
  out.append(R"(,"message":)");
  append_message_json(out, message);
  out.push_back('}');
  return out;
}

std::string deleted_message_frame(model::EventKind kind, model::Id channel_id, model::Id seq,
                                  model::Id message_id) {
  std::string out;
  bool create = kind == model::EventKind::message_create;
  begin_frame(out, create ? "chat.message" : "chat.message_update", channel_id, seq);
  out.append(create ? R"(,"new_message":)" : R"(,"message":)");
  append_deleted_message_json(out, message_id);
  out.push_back('}');
  return out;
}

std::string message_delete_frame(model::Id channel_id, model::Id seq, model::Id message_id) {
  std::string out;
  begin_frame(out, "chat.message_delete", channel_id, seq);
  out.append(R"(,"id":)");
  append_int(out, message_id);
  out.push_back('}');
  return out;
}

std::string reaction_frame(model::EventKind kind, model::Id channel_id, model::Id seq,
                           model::Id message_id, std::string_view emoji, model::Id user_id) {
  std::string out;
  begin_frame(out, reaction_type(kind), channel_id, seq);
  out.append(R"(,"message_id":)");
  append_int(out, message_id);
  out.append(R"(,"emoji":)");
  append_json_string(out, emoji);
  out.append(R"(,"user_id":)");
  append_int(out, user_id);
  out.push_back('}');
  return out;
}

std::string deleted_reaction_frame(model::EventKind kind, model::Id channel_id, model::Id seq,
                                   model::Id message_id) {
  std::string out;
  begin_frame(out, reaction_type(kind), channel_id, seq);
  out.append(R"(,"message_id":)");
  append_int(out, message_id);
  out.append(R"(,"deleted":true})");
  return out;
}

std::string original_message_frame(const model::Message& message) {
  std::string out;
  out.reserve(160 + message.content.size() + message.sender.size());
  out.append(R"({"type":"chat.message","new_message":)");
  append_original_message_json(out, message);
  out.push_back('}');
  return out;
}

}  // namespace codec

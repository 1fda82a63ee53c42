#include "codec/message_json.hpp"

#include "codec/attachment_json.hpp"
#include "codec/json_text.hpp"

namespace codec {
namespace {

void append_reply_to(std::string& out, const std::optional<model::ReplyPreview>& reply) {
  if (!reply) {
    out.append("null");
    return;
  }
  if (reply->deleted) return append_deleted_message_json(out, reply->id);
  out.append(R"({"id":)");
  append_int(out, reply->id);
  out.append(R"(,"sender":)");
  append_json_string(out, reply->sender);
  out.append(R"(,"sender_id":)");
  append_int(out, reply->sender_id);
  out.append(R"(,"content":)");
  append_json_string(out, reply->content);
  out.push_back('}');
}

}  // namespace

void append_message_json(std::string& out, const model::Message& message) {
  out.append(R"({"id":)");
  append_int(out, message.id);
  out.append(R"(,"sender":)");
  append_json_string(out, message.sender);
  out.append(R"(,"sender_id":)");
  append_int(out, message.sender_id);
  out.append(R"(,"content":)");
  append_json_string(out, message.content);
  out.append(R"(,"timestamp":)");
  append_timestamp(out, message.timestamp);
  out.append(R"(,"channel_id":)");
  append_int(out, message.channel_id);
  out.append(R"(,"edited_at":)");
  if (message.edited_at) {
    append_timestamp(out, *message.edited_at);
  } else {
    out.append("null");
  }
  out.append(R"(,"reply_to":)");
  append_reply_to(out, message.reply_to);
  out.append(R"(,"mentions":[)");
  for (std::size_t i = 0; i < message.mentions.size(); ++i) {
    if (i) out.push_back(',');
    append_int(out, message.mentions[i]);
  }
  out.append(R"(],"mention_everyone":)");
  out.append(message.mention_everyone ? "true" : "false");
  out.append(R"(,"reactions":[)");
  for (std::size_t i = 0; i < message.reactions.size(); ++i) {
    const auto& reaction = message.reactions[i];
    if (i) out.push_back(',');
    out.append(R"({"emoji":)");
    append_json_string(out, reaction.emoji);
    out.append(R"(,"count":)");
    append_int(out, reaction.count);
    out.append(R"(,"me":)");
    out.append(reaction.me ? "true}" : "false}");
  }
  out.append(R"(],"attachments":[)");
  for (std::size_t i = 0; i < message.attachments.size(); ++i) {
    if (i) out.push_back(',');
    append_attachment_json(out, message.attachments[i]);
  }
  out.append("]}");
}

void append_deleted_message_json(std::string& out, model::Id message_id) {
  out.append(R"({"id":)");
  append_int(out, message_id);
  out.append(R"(,"deleted":true})");
}

void append_original_message_json(std::string& out, const model::Message& message) {
  out.append(R"({"id":)");
  append_int(out, message.id);
  out.append(R"(,"sender":)");
  append_json_string(out, message.sender);
  out.append(R"(,"sender_id":)");
  append_int(out, message.sender_id);
  out.append(R"(,"content":)");
  append_json_string(out, message.content);
  out.append(R"(,"timestamp":)");
  append_timestamp(out, message.timestamp);
  out.append(R"(,"channel_id":)");
  append_int(out, message.channel_id);
  out.push_back('}');
}

std::string cut_to_code_points(std::string_view text, std::size_t max_code_points) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // A code point starts at every byte that is not a continuation byte (10xxxxxx).
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && count++ == max_code_points) {
      return std::string(text.substr(0, i));
    }
  }
  return std::string(text);
}

}  // namespace codec

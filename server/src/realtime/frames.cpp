#include "realtime/frames.hpp"

#include <charconv>

#include "util/time.hpp"

namespace realtime {
namespace {

void append_int(std::string& out, std::int64_t value) {
  char digits[24];
  auto result = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, result.ptr);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of characters that need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

std::string message_payload(const chat::Message& message, std::string_view nonce_json) {
  std::string out;
  out.reserve(160 + message.content.size() + message.sender.size() + nonce_json.size());
  out.append(R"({"type":"chat.message","new_message":{"id":)");
  append_int(out, message.id);
  out.append(R"(,"sender":)");
  append_json_string(out, message.sender);
  out.append(R"(,"sender_id":)");
  append_int(out, message.sender_id);
  out.append(R"(,"content":)");
  append_json_string(out, message.content);
  out.append(R"(,"timestamp":")");
  char stamp[27];
  util::iso8601_micros_into(message.timestamp, stamp);
  out.append(stamp, sizeof stamp);
  out.append(R"(","channel_id":)");
  append_int(out, message.channel_id);
  if (!nonce_json.empty()) {
    out.append(R"(,"nonce":)");
    out.append(nonce_json);
  }
  out.append("}}");
  return out;
}

ChannelEvent message_event(const chat::Message& message, std::string_view nonce_json) {
  ChannelEvent event;
  event.channel_id = message.channel_id;
  event.message_id = message.id;
  event.original = text_frame(message_payload(message));
  event.parley =
      nonce_json.empty() ? event.original : text_frame(message_payload(message, nonce_json));
  return event;
}

ChannelEvent typing_event(chat::Id channel_id, std::string_view username, const void* except) {
  std::string payload = R"({"type":"typing","user":)";
  append_json_string(payload, username);
  payload.push_back('}');
  ChannelEvent event;
  event.channel_id = channel_id;
  event.parley = text_frame(payload);
  event.except = except;
  return event;
}

Wire error_frame(std::string_view code, std::string_view detail, std::string_view nonce_json) {
  std::string payload = R"({"type":"error","code":)";
  append_json_string(payload, code);
  payload.append(R"(,"detail":)");
  append_json_string(payload, detail);
  if (!nonce_json.empty()) {
    payload.append(R"(,"nonce":)");
    payload.append(nonce_json);
  }
  payload.push_back('}');
  return text_frame(payload);
}

}  // namespace realtime

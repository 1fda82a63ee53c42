#include "ws/client_message.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace ws {
namespace {

ClientMessage bad_frame(std::string_view detail, std::string nonce = {}) {
  ClientMessage message;
  message.kind = ClientMessage::Kind::bad_frame;
  message.detail = detail;
  message.nonce = std::move(nonce);
  return message;
}

}  // namespace

ClientMessage read_client_message(std::string_view payload, Protocol protocol) {
  boost::system::error_code ec;
  auto value = boost::json::parse(payload, ec);
  const boost::json::object* object = ec ? nullptr : value.if_object();
  if (!object) return bad_frame("Frames must be JSON objects.");

  std::string nonce;
  if (auto* n = object->if_contains("nonce")) {
    if (n->is_string() || n->is_int64() || n->is_uint64()) nonce = boost::json::serialize(*n);
    if (nonce.empty() || nonce.size() > kMaxNonceBytes) {
      return bad_frame("nonce must be a short string or an integer.");
    }
  }
  std::string_view type;
  if (auto* t = object->if_contains("type"); t && t->is_string()) type = t->get_string();

  ClientMessage message;
  if (protocol == Protocol::original) {
    // The original ignored "type" and read "message"; anything else is dropped silently.
    if (type == "typing") return message;
    auto* text = object->if_contains("message");
    if (text && text->is_string()) {
      message.kind = ClientMessage::Kind::post;
      message.text = std::string(text->get_string());
    }
    return message;
  }
  message.nonce = std::move(nonce);
  if (type == "message") {
    auto* text = object->if_contains("message");
    if (!text || !text->is_string()) {
      return bad_frame("\"message\" must be a string.", std::move(message.nonce));
    }
    message.kind = ClientMessage::Kind::post;
    message.text = std::string(text->get_string());
    return message;
  }
  if (type == "typing") {
    message.kind = ClientMessage::Kind::typing;
    return message;
  }
  return bad_frame("Unknown frame type.", std::move(message.nonce));
}

}  // namespace ws

#include "ws/client_request.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "chat/attachment_list.hpp"
#include "chat/chat_service.hpp"

namespace ws {
namespace {

// A positive integer id, given as a JSON integer (nullopt: anything else).
std::optional<model::Id> id_value(const boost::json::value& value) {
  if (value.is_int64() && value.get_int64() > 0) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX) &&
      value.get_uint64() > 0) {
    return static_cast<model::Id>(value.get_uint64());
  }
  return std::nullopt;
}

}  // namespace

ClientRequest parse_client_request(std::string_view payload) {
  ClientRequest request;
  boost::system::error_code ec;
  auto value = boost::json::parse(payload, ec);
  const boost::json::object* object = ec ? nullptr : value.if_object();
  if (!object) {
    request.problem = "Frames must be JSON objects.";
    return request;
  }
  request.is_object = true;
  if (auto* n = object->if_contains("nonce")) {
    if (n->is_string() || n->is_int64() || n->is_uint64()) {
      request.nonce_json = boost::json::serialize(*n);
    }
    if (request.nonce_json.empty() || request.nonce_json.size() > chat::kMaxNonceBytes) {
      request.nonce_json.clear();
      request.problem = "nonce must be a short string or an integer.";
    }
  }
  if (auto* t = object->if_contains("type"); t && t->is_string()) {
    request.type = std::string(t->get_string());
  }
  if (auto* m = object->if_contains("message")) {
    request.message_present = true;
    if (m->is_string()) request.message = std::string(m->get_string());
  }
  if (auto* c = object->if_contains("channel_id")) {
    request.channel_id_present = true;
    request.channel_id = id_value(*c);
  }
  if (auto* s = object->if_contains("status"); s && s->is_string()) {
    request.status = std::string(s->get_string());
  }
  if (auto* s = object->if_contains("server_id")) request.server_id = id_value(*s);
  if (auto* r = object->if_contains("reply_to"); r && !r->is_null()) {
    request.reply_to_present = true;
    request.reply_to = id_value(*r);
  }
  request.attachments =
      chat::parse_attachment_list(object->if_contains("attachments"), request.attachments_problem);
  return request;
}

}  // namespace ws

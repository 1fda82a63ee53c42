#include "codec/quote_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace codec {

std::string frame_quoting_deleted(std::string_view frame_text, const char* key,
                                  model::Id deleted_id) {
  boost::system::error_code ec;
  auto frame = boost::json::parse(frame_text, ec);
  auto* object = ec ? nullptr : frame.if_object();
  auto* message = object ? object->if_contains(key) : nullptr;
  if (!message || !message->is_object()) return std::string();
  message->as_object()["reply_to"] = boost::json::object{{"id", deleted_id}, {"deleted", true}};
  return boost::json::serialize(frame);
}

}  // namespace codec

#include "api/attachment_ids.hpp"

#include "chat/attachment_list.hpp"

namespace api {

std::vector<std::int64_t> attachment_ids(const boost::json::object& body, FieldReader& fields) {
  std::string error;
  auto ids = chat::parse_attachment_list(body.if_contains("attachments"), error);
  if (!error.empty()) fields.add_error("attachments", error);
  return ids;
}

}  // namespace api

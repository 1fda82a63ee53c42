#include "chat/attachment_list.hpp"

#include <algorithm>

#include "store/attachment_store.hpp"

namespace chat {

std::vector<std::int64_t> parse_attachment_list(const boost::json::value* list,
                                                std::string& error) {
  std::vector<std::int64_t> ids;
  if (!list || list->is_null()) return ids;
  if (!list->is_array()) {
    error = "Expected a list of upload ids.";
    return {};
  }
  const auto& array = list->as_array();
  if (array.size() > static_cast<std::size_t>(store::kMaxAttachmentsPerMessage)) {
    error = "Ensure this field has no more than 10 elements.";
    return {};
  }
  for (const auto& item : array) {
    std::int64_t id = 0;
    if (item.is_int64() && item.as_int64() > 0) {
      id = item.as_int64();
    } else if (item.is_uint64() && item.as_uint64() <= INT64_MAX && item.as_uint64() > 0) {
      id = static_cast<std::int64_t>(item.as_uint64());
    } else {
      error = "Each attachment is an upload id (a positive integer).";
      return {};
    }
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
      error = "An upload may be attached only once.";
      return {};
    }
    ids.push_back(id);
  }
  return ids;
}

}  // namespace chat

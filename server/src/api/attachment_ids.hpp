// The "attachments" of a message send (SPEC §12): a list of at most 10 distinct upload ids.
// Whether each is the sender's unused upload of the channel is decided when the message is
// stored (store::OpStatus::bad_attachments).
#pragma once
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "api/request_io.hpp"
#include "chat/attachment_list.hpp"

namespace api {

using chat::kBadAttachments;

// The ids (empty when absent or null); a malformed list adds an "attachments" field error.
std::vector<std::int64_t> attachment_ids(const boost::json::object& body, FieldReader& fields);

}  // namespace api

// The "attachments" of a message (SPEC §12), as a REST body or a gateway frame gives them: a
// list of at most 10 distinct upload ids. Whether each is the sender's unused upload of the
// channel is decided when the message is stored (store::OpStatus::bad_attachments).
#pragma once
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chat {

inline constexpr std::string_view kBadAttachments =
    "Each attachment must be an unused upload of yours in this channel.";

// The ids (empty when absent or null); a malformed list sets error to a sentence.
std::vector<std::int64_t> parse_attachment_list(const boost::json::value* list, std::string& error);

}  // namespace chat

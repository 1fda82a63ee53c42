// The rules of community data (SPEC §2): field lengths and what a valid name is. Messages
// follow Django REST framework's wording, which clients of the original already show.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace chat {

constexpr std::size_t kMaxServerName = 100;  // characters
constexpr std::size_t kMaxServerDescription = 250;
constexpr std::size_t kMaxChannelName = 100;
constexpr std::size_t kMaxChannelTopic = 100;
constexpr std::size_t kMaxCategoryName = 100;
constexpr std::size_t kMaxCategoryDescription = 1000;
constexpr int kMaxServersPerList = 100;

// Unicode code points in valid UTF-8 text.
std::size_t character_count(std::string_view utf8);

// Without leading and trailing white space (names are trimmed, as DRF's CharField does).
std::string_view trim(std::string_view text);

// Empty when text is acceptable for a field of at most max characters; otherwise the
// field error. Blank (empty after trimming) is an error unless allow_blank.
std::string text_error(std::string_view text, std::size_t max, bool allow_blank);

}  // namespace chat

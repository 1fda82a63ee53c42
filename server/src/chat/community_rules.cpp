#include "chat/community_rules.hpp"

namespace chat {

std::size_t character_count(std::string_view utf8) {
  std::size_t count = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++count;  // count lead bytes only
  }
  return count;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::string text_error(std::string_view text, std::size_t max, bool allow_blank) {
  if (!allow_blank && trim(text).empty()) return "This field may not be blank.";
  if (character_count(text) > max) {
    return "Ensure this field has no more than " + std::to_string(max) + " characters.";
  }
  if (text.find('\0') != std::string_view::npos) return "Null characters are not allowed.";
  return {};
}

}  // namespace chat

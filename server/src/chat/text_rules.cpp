#include "chat/text_rules.hpp"

#include <cstdint>

namespace chat {
namespace {

bool is_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

}  // namespace

std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

bool is_blank(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    char32_t c = lead;
    std::size_t length = 1;
    if (lead >= 0xF0) {
      c = lead & 0x07, length = 4;
    } else if (lead >= 0xE0) {
      c = lead & 0x0F, length = 3;
    } else if (lead >= 0xC0) {
      c = lead & 0x1F, length = 2;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    if (!is_space(c)) return false;
    i += length;
  }
  return true;
}

TextProblem check_message_text(std::string_view text, std::size_t max_chars) {
  if (is_blank(text)) return TextProblem::empty;
  // Cheap bound first: a code point is at least one byte.
  if (text.size() > max_chars && count_code_points(text) > max_chars) return TextProblem::too_long;
  return TextProblem::none;
}

}  // namespace chat

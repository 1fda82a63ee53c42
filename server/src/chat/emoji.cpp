#include "chat/emoji.hpp"

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

namespace chat {

bool is_single_emoji(std::string_view utf8) {
  if (utf8.empty() || utf8.size() > kMaxEmojiBytes) return false;
  UChar text[kMaxEmojiBytes + 1];
  int32_t length = 0;
  UErrorCode error = U_ZERO_ERROR;
  u_strFromUTF8(text, static_cast<int32_t>(kMaxEmojiBytes + 1), &length, utf8.data(),
                static_cast<int32_t>(utf8.size()), &error);
  if (U_FAILURE(error)) return false;  // not UTF-8
  if (u_stringHasBinaryProperty(text, length, UCHAR_RGI_EMOJI)) return true;
  // A lone pictograph typed without its emoji variation selector (U+2764 for U+2764 U+FE0F)
  // is still one emoji; digits, '#' and '*' (emoji only as keycap bases) are not.
  int32_t i = 0;
  UChar32 c = 0;
  U16_NEXT(text, i, length, c);
  return i == length && u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) &&
         u_hasBinaryProperty(c, UCHAR_EMOJI);
}

}  // namespace chat

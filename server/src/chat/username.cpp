#include "chat/username.hpp"

#include <locale.h>
#include <wctype.h>

#include <array>
#include <cctype>

namespace chat {
namespace {

// Decodes one UTF-8 code point at s[i], advancing i; returns U+FFFD for malformed input.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char lead = byte(i);
  int extra = lead < 0x80           ? 0
              : (lead >> 5) == 0x6  ? 1
              : (lead >> 4) == 0xE  ? 2
              : (lead >> 3) == 0x1E ? 3
                                    : -1;
  if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size() + (extra == 0 ? 1 : 0)) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = extra == 0 ? lead : lead & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    unsigned char c = byte(i + static_cast<std::size_t>(k));
    if ((c & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

locale_t unicode_locale() {
  static locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return locale;
}

}  // namespace

std::string fold_case(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  locale_t locale = unicode_locale();
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    if (locale) cp = static_cast<char32_t>(towlower_l(static_cast<wint_t>(cp), locale));
    append_utf8(key, cp);
  }
  return key;
}

std::string username_error(std::string_view username) {
  if (username.empty()) return "This field may not be blank.";
  std::size_t characters = 0;
  locale_t locale = unicode_locale();
  for (std::size_t i = 0; i < username.size();) {
    char32_t cp = next_code_point(username, i);
    ++characters;
    bool allowed =
        cp == '@' || cp == '.' || cp == '+' || cp == '-' || cp == '_' ||
        (cp < 0x80 ? (std::isalnum(static_cast<int>(cp)) != 0)
                   : (cp != 0xFFFD && locale && iswalnum_l(static_cast<wint_t>(cp), locale) != 0));
    if (!allowed) {
      return "Enter a valid username. This value may contain only letters, numbers, and "
             "@/./+/-/_ characters.";
    }
  }
  if (characters > kMaxUsernameLength) {
    return "Ensure this field has no more than 150 characters.";
  }
  return {};
}

bool is_reserved_username(std::string_view username) {
  static constexpr std::array<std::string_view, 3> kReserved = {"admin", "root", "superuser"};
  std::string key = username_key(username);
  for (auto reserved : kReserved) {
    if (key == reserved) return true;
  }
  return false;
}

}  // namespace chat

// Username rules (Django's UnicodeUsernameValidator) and the case-folded key that makes
// usernames unique case-insensitively.
#pragma once
#include <string>
#include <string_view>

namespace chat {

constexpr std::size_t kMaxUsernameLength = 150;  // characters

// Lower-cases every letter (Unicode-aware): usernames and category names compare this way.
std::string fold_case(std::string_view text);

inline std::string username_key(std::string_view username) {
  return fold_case(username);
}

// Empty when valid; otherwise the field error message.
std::string username_error(std::string_view username);

// admin, root and superuser, in any case.
bool is_reserved_username(std::string_view username);

}  // namespace chat

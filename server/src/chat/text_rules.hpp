// What a chat message's text must be: not empty or whitespace only, at most N characters
// (Unicode code points, not bytes). The text is stored exactly as sent.
#pragma once
#include <cstddef>
#include <string_view>

namespace chat {

enum class TextProblem { none, empty, too_long };

// text is valid UTF-8 (the JSON parser guarantees it).
TextProblem check_message_text(std::string_view text, std::size_t max_chars = 4000);

// Code points in valid UTF-8.
std::size_t count_code_points(std::string_view text);

// Only whitespace (Unicode White_Space, as Python's str.isspace), or nothing at all.
bool is_blank(std::string_view text);

}  // namespace chat

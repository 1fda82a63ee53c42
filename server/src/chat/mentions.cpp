#include "chat/mentions.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace chat {
namespace {

bool is_word_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || u >= 0x80;
}

// `word` at `at`, with no word character right before or after it.
bool standalone_at(std::string_view text, std::size_t at, std::string_view word) {
  if (text.compare(at, word.size(), word) != 0) return false;
  if (at > 0 && is_word_byte(text[at - 1])) return false;
  std::size_t end = at + word.size();
  return end == text.size() || !is_word_byte(text[end]);
}

}  // namespace

MentionCandidates parse_mentions(std::string_view content) {
  MentionCandidates out;
  for (std::size_t at = content.find('@'); at != std::string_view::npos;
       at = content.find('@', at + 1)) {
    if (at > 0 && content[at - 1] == '<') {
      // <@123>: an id in its one decimal form (no sign, no leading zero, as the web client
      // reads it), then '>'.
      const char* first = content.data() + at + 1;
      const char* last = content.data() + content.size();
      if (first == last || *first < '1' || *first > '9') continue;
      model::Id id = 0;
      auto result = std::from_chars(first, last, id);
      if (result.ec != std::errc() || result.ptr == last || *result.ptr != '>' || id <= 0) {
        continue;
      }
      if (out.ids.size() < kMaxMentionCandidates &&
          std::find(out.ids.begin(), out.ids.end(), id) == out.ids.end()) {
        out.ids.push_back(id);
      }
      continue;
    }
    if (standalone_at(content, at, "@everyone") || standalone_at(content, at, "@here")) {
      out.everyone = true;
    }
  }
  return out;
}

}  // namespace chat

// Search text (chat/search_text, SPEC §13): any bytes as a message or a query. Tokens are
// non-empty, bounded, free of anything a query language could read as syntax (ASCII only as
// lower-case letters and digits); the tsquery text is exactly the quoted tokens;
// the same answer every time, and indexing what was indexed changes nothing.
#include <cstdint>
#include <string>
#include <string_view>

#include "chat/search_text.hpp"
#include "fuzz_check.hpp"
#include "ws/utf8_validator.hpp"

namespace {

bool safe_token(const std::string& token) {
  if (token.empty()) return false;
  for (unsigned char c : token) {
    if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return ws::Utf8Validator::is_valid(token);
}

std::size_t code_points(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto tokens = chat::search_tokens(input);
  for (const auto& token : tokens) {
    FUZZ_CHECK(safe_token(token));
    FUZZ_CHECK(code_points(token) <= chat::kMaxSearchTokenChars);
  }
  auto indexed = chat::search_index_text(input);
  FUZZ_CHECK(chat::search_index_text(indexed) == indexed);

  auto terms = chat::search_terms(input);
  FUZZ_CHECK(terms.tokens.size() <= chat::kMaxSearchQueryTokens);
  std::string tsq;
  for (std::size_t i = 0; i < terms.tokens.size(); ++i) {
    FUZZ_CHECK(terms.tokens[i] == tokens[i]);
    bool last = i + 1 == terms.tokens.size();
    tsq += (i ? " & '" : "'") + terms.tokens[i] + (last ? "':*" : "'");
  }
  FUZZ_CHECK(chat::tsquery_text(terms) == tsq);
  FUZZ_CHECK(chat::search_terms(input).tokens == terms.tokens);
  return 0;
}

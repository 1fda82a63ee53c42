// What search (SPEC §13) indexes and asks for, the same on every backend: text is normalized
// (NFKC, case-folded) and cut into tokens: runs of letters and digits are words; runs of Korean,
// Japanese and Chinese characters become their overlapping two-character pieces (a run of one
// character stays itself), so that any substring of two or more such characters is found by
// asking for its pieces. Queries are the same tokens: SQLite binds each as a parameter, and
// PostgreSQL gets them quoted as lexemes, so nothing a user types is ever query syntax.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chat {

// A word longer than this (in code points) is indexed and searched by its first this many.
constexpr std::size_t kMaxSearchTokenChars = 64;
// The tokens of a query beyond this are ignored (every kept one must match).
constexpr std::size_t kMaxSearchQueryTokens = 16;

// The tokens of a message's text, in order (duplicates kept). Invalid UTF-8 separates words.
std::vector<std::string> search_tokens(std::string_view text);

// The tokens joined by single spaces: what the index stores for a message.
std::string search_index_text(std::string_view text);

// The tokens a query asks for: every one must match as a whole token, the last also as a
// prefix (a word being typed). Empty when q has no letters, digits or CJK characters.
struct SearchTerms {
  std::vector<std::string> tokens;
  bool empty() const { return tokens.empty(); }
};
SearchTerms search_terms(std::string_view q);

// PostgreSQL tsquery text (for a ::tsquery cast, which takes lexemes as they are):
// 'tok1' & 'tok2':*. Empty terms: empty text.
std::string tsquery_text(const SearchTerms& terms);

}  // namespace chat

#include "chat/search_text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace chat {
namespace {

// Korean, Japanese and Chinese characters: no spaces between words, so found by substring.
bool is_cjk(UChar32 c) {
  if (c == 0x30FC) return true;  // the katakana long vowel mark (script Common)
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL:
      return true;
    default:
      return false;
  }
}

// Letters, digits and the marks that combine with them.
bool is_word(UChar32 c) {
  return u_isalnum(c) || u_hasBinaryProperty(c, UCHAR_ALPHABETIC) ||
         u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & (U_GC_MN_MASK | U_GC_MC_MASK);
}

// NFKC with case folding, as UTF-8. Invalid UTF-8 sequences become U+FFFD (a separator).
std::string fold(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const auto* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  auto input = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  auto folded = normalizer->normalize(input, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  folded.toUTF8String(out);
  return out;
}

void append_utf8(std::string& out, UChar32 c) {
  char buffer[U8_MAX_LENGTH];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(buffer, length, U8_MAX_LENGTH, c, error);
  if (!error) out.append(buffer, static_cast<std::size_t>(length));
}

class Tokenizer {
 public:
  explicit Tokenizer(std::vector<std::string>& out) : out_(out) {}

  void feed(UChar32 c) {
    if (is_cjk(c)) {
      end_word();
      cjk_.push_back(c);
      return;
    }
    end_cjk();
    if (is_word(c)) {
      if (word_chars_ < kMaxSearchTokenChars) append_utf8(word_, c);
      ++word_chars_;
    } else {
      end_word();
    }
  }

  void finish() {
    end_word();
    end_cjk();
  }

 private:
  void end_word() {
    if (!word_.empty()) out_.push_back(std::move(word_));
    word_.clear();
    word_chars_ = 0;
  }

  void end_cjk() {
    if (cjk_.size() == 1) {
      std::string one;
      append_utf8(one, cjk_[0]);
      out_.push_back(std::move(one));
    }
    for (std::size_t i = 0; i + 1 < cjk_.size(); ++i) {
      std::string pair;
      append_utf8(pair, cjk_[i]);
      append_utf8(pair, cjk_[i + 1]);
      out_.push_back(std::move(pair));
    }
    cjk_.clear();
  }

  std::vector<std::string>& out_;
  std::string word_;
  std::size_t word_chars_ = 0;
  std::vector<UChar32> cjk_;
};

// Quotes a token as a tsquery lexeme ('' and \\ escaped); tokens hold only letters, digits
// and CJK, so this is belt and braces.
std::string quoted(const std::string& token) {
  std::string out(1, '\'');
  for (char c : token) {
    if (c == '\'' || c == '\\') out.push_back(c);  // doubled
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

}  // namespace

std::vector<std::string> search_tokens(std::string_view text) {
  std::vector<std::string> tokens;
  auto folded = fold(text);
  Tokenizer tokenizer(tokens);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(folded.data());
  auto length = static_cast<int32_t>(folded.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    tokenizer.feed(c < 0 ? 0xFFFD : c);
  }
  tokenizer.finish();
  return tokens;
}

std::string search_index_text(std::string_view text) {
  std::string out;
  for (const auto& token : search_tokens(text)) {
    if (!out.empty()) out.push_back(' ');
    out += token;
  }
  return out;
}

SearchTerms search_terms(std::string_view q) {
  SearchTerms terms;
  for (auto& token : search_tokens(q)) {
    if (terms.tokens.size() == kMaxSearchQueryTokens) break;
    terms.tokens.push_back(std::move(token));
  }
  return terms;
}

std::string tsquery_text(const SearchTerms& terms) {
  std::string out;
  for (std::size_t i = 0; i < terms.tokens.size(); ++i) {
    if (i) out += " & ";
    out += quoted(terms.tokens[i]);
    if (i + 1 == terms.tokens.size()) out += ":*";
  }
  return out;
}

}  // namespace chat

#include "chat/search_text.hpp"

#include <gtest/gtest.h>

namespace {

using Tokens = std::vector<std::string>;

TEST(SearchText, WordsAreFoldedAndSplitOnAnythingElse) {
  EXPECT_EQ(chat::search_tokens("Hello, WORLD! it's 2024-01-02"),
            (Tokens{"hello", "world", "it", "s", "2024", "01", "02"}));
  EXPECT_EQ(chat::search_tokens("Straße ＦＵＬＬ ﬁne Café"),
            (Tokens{"strasse", "full", "fine", "café"}));
  EXPECT_EQ(chat::search_tokens("ΣΊΣΥΦΟΣ"), (Tokens{"σίσυφοσ"}));
  EXPECT_EQ(chat::search_tokens(""), Tokens{});
  EXPECT_EQ(chat::search_tokens(" \t\n!?\"*()"), Tokens{});
}

TEST(SearchText, CjkRunsBecomeOverlappingPairs) {
  EXPECT_EQ(chat::search_tokens("안녕하세요"), (Tokens{"안녕", "녕하", "하세", "세요"}));
  EXPECT_EQ(chat::search_tokens("東京"), (Tokens{"東京"}));
  EXPECT_EQ(chat::search_tokens("我"), (Tokens{"我"}));
  EXPECT_EQ(chat::search_tokens("abc漢字def"), (Tokens{"abc", "漢字", "def"}));
  EXPECT_EQ(chat::search_tokens("カタカナー"), (Tokens{"カタ", "タカ", "カナ", "ナー"}));
  // Half-width katakana are folded to full width (NFKC).
  EXPECT_EQ(chat::search_tokens("ｶﾀ"), (Tokens{"カタ"}));
}

TEST(SearchText, InvalidUtf8SeparatesWords) {
  EXPECT_EQ(chat::search_tokens(std::string("ab\xFF\xFE"
                                            "cd")),
            (Tokens{"ab", "cd"}));
  EXPECT_EQ(chat::search_tokens(std::string("\xC3")), Tokens{});
}

TEST(SearchText, LongWordsAreCut) {
  std::string word(200, 'a');
  auto tokens = chat::search_tokens(word + " b");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0], std::string(chat::kMaxSearchTokenChars, 'a'));
  EXPECT_EQ(chat::search_index_text(word + " b"), tokens[0] + " b");
}

TEST(SearchText, QueriesQuoteEveryTokenAndPrefixTheLast) {
  auto terms = chat::search_terms("Quick \"NEAR\"(fox* -OR");
  EXPECT_EQ(terms.tokens, (Tokens{"quick", "near", "fox", "or"}));
  EXPECT_EQ(chat::tsquery_text(terms), "'quick' & 'near' & 'fox' & 'or':*");
  EXPECT_TRUE(chat::search_terms("\"()*-:^").empty());
  EXPECT_EQ(chat::tsquery_text(chat::search_terms("!!")), "");
  EXPECT_EQ(chat::tsquery_text(chat::search_terms("하세요")), "'하세' & '세요':*");
}

TEST(SearchText, QueriesKeepAtMostTheirLimitOfTokens) {
  std::string many;
  for (int i = 0; i < 40; ++i) {
    many += 'w';
    many += std::to_string(i);
    many += ' ';
  }
  EXPECT_EQ(chat::search_terms(many).tokens.size(), chat::kMaxSearchQueryTokens);
}

}  // namespace

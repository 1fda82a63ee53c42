#include <gtest/gtest.h>

#include <string>

#include "chat/text_rules.hpp"

using chat::check_message_text;
using chat::TextProblem;

TEST(TextRules, EmptyAndWhitespaceOnly) {
  EXPECT_EQ(check_message_text(""), TextProblem::empty);
  EXPECT_EQ(check_message_text(" \t\r\n "), TextProblem::empty);
  EXPECT_EQ(check_message_text("\u3000\u00a0\u2003"), TextProblem::empty);  // Unicode spaces
  EXPECT_EQ(check_message_text(" a "), TextProblem::none);
  EXPECT_EQ(check_message_text("\u200b"),
            TextProblem::none);  // zero-width space is not White_Space
}

TEST(TextRules, LengthCountsCharactersNotBytes) {
  std::string emoji;
  for (int i = 0; i < 4000; ++i) emoji += "\U0001F600";  // 4 bytes each
  EXPECT_EQ(check_message_text(emoji), TextProblem::none);
  emoji += "x";
  EXPECT_EQ(check_message_text(emoji), TextProblem::too_long);
  EXPECT_EQ(check_message_text(std::string(4000, 'a')), TextProblem::none);
  EXPECT_EQ(check_message_text(std::string(4001, 'a')), TextProblem::too_long);
  EXPECT_EQ(chat::count_code_points("héllo"), 5u);
}

#include <gtest/gtest.h>

#include "chat/emoji.hpp"

namespace {

struct Case {
  const char* text;
  bool emoji;
  const char* why;
};

}  // namespace

TEST(Emoji, OneEmojiAsUnicodeDefinesItAndNothingElse) {
  const Case cases[] = {
      {"👍", true, "a pictograph"},
      {"👍🏽", true, "with a skin tone"},
      {"👨‍👩‍👧‍👦", true, "a ZWJ family"},
      {"🏳️‍🌈", true, "a ZWJ flag"},
      {"🇫🇷", true, "a flag (regional indicator pair)"},
      {"1️⃣", true, "a keycap"},
      {"❤️", true, "with its emoji variation selector"},
      {"❤", true, "a lone pictograph without the selector"},
      {"a", false, "a letter"},
      {"1", false, "a digit (emoji only as a keycap base)"},
      {"#", false, "a keycap base alone"},
      {"👍👍", false, "two emoji"},
      {"👍 ", false, "an emoji and a space"},
      {"", false, "nothing"},
      {"🇫", false, "half a flag"},
      {"\xF0\x9F\x91", false, "a truncated UTF-8 sequence"},
      {"\xC0\xAF", false, "an overlong encoding"},
      {"<script>", false, "markup"},
  };
  for (const auto& c : cases) EXPECT_EQ(chat::is_single_emoji(c.text), c.emoji) << c.why;
}

TEST(Emoji, AtMost32Bytes) {
  std::string long_sequence;
  for (int i = 0; i < 9; ++i) long_sequence += "👍";  // 36 bytes
  EXPECT_FALSE(chat::is_single_emoji(long_sequence));
  EXPECT_FALSE(chat::is_single_emoji(std::string(40, 'x')));
}

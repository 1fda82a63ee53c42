#include <gtest/gtest.h>

#include "chat/mentions.hpp"

using chat::parse_mentions;

TEST(Mentions, UserMentionsInOrderOfAppearanceDistinct) {
  auto m = parse_mentions("hi <@12> and <@3>, again <@12>");
  EXPECT_EQ(m.ids, (std::vector<model::Id>{12, 3}));
  EXPECT_FALSE(m.everyone);
}

TEST(Mentions, MalformedFormsAreText) {
  for (const char* text : {"<@>", "<@abc>", "<@12", "@12>", "<@-3>", "<@0>", "< @5>", "<@5 >",
                           "<@99999999999999999999999>",
                           // One decimal form per id, as the web client reads them.
                           "<@007>", "<@+7>", "<@00000100188210260344831>"}) {
    EXPECT_TRUE(parse_mentions(text).ids.empty()) << text;
  }
}

TEST(Mentions, EveryoneAndHereOnlyAsWordsOfTheirOwn) {
  EXPECT_TRUE(parse_mentions("@everyone look").everyone);
  EXPECT_TRUE(parse_mentions("look, @here!").everyone);
  EXPECT_FALSE(parse_mentions("mail me at me@here.com").everyone);
  EXPECT_FALSE(parse_mentions("@everyones").everyone);
  EXPECT_FALSE(parse_mentions("@heretic").everyone);
  EXPECT_FALSE(parse_mentions("no one").everyone);
}

TEST(Mentions, CandidatesAreBounded) {
  std::string text;
  for (int i = 1; i <= 1200; ++i) text += "<@" + std::to_string(i) + ">";
  auto m = parse_mentions(text);
  EXPECT_EQ(m.ids.size(), chat::kMaxMentionCandidates);
  EXPECT_EQ(m.ids.front(), 1);
}

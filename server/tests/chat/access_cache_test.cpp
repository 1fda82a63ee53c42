#include <gtest/gtest.h>

#include <thread>

#include "chat/access_cache.hpp"

namespace {

store::ChannelAccess member_of(model::Id server_id) {
  return {.found = true, .server_id = server_id, .owner_id = 1, .is_member = true};
}

TEST(AccessCache, RemembersWhatWasFoundUntilAnyChangeForgetsIt) {
  auto generation = chat::AccessCache::generation();
  chat::AccessCache::remember(10, 7, member_of(3), generation);
  auto known = chat::AccessCache::find(10, 7);
  ASSERT_TRUE(known.has_value());
  EXPECT_EQ(known->server_id, 3);
  EXPECT_TRUE(known->is_member);
  EXPECT_FALSE(chat::AccessCache::find(10, 8).has_value());  // another reader
  EXPECT_FALSE(chat::AccessCache::find(11, 7).has_value());  // another channel

  chat::AccessCache::forget_all();
  EXPECT_FALSE(chat::AccessCache::find(10, 7).has_value());
}

TEST(AccessCache, AnAnswerReadAcrossAChangeIsNotKept) {
  auto before = chat::AccessCache::generation();
  chat::AccessCache::forget_all();  // a membership changed while the store was being asked
  chat::AccessCache::remember(20, 7, member_of(3), before);
  EXPECT_FALSE(chat::AccessCache::find(20, 7).has_value());
}

TEST(AccessCache, AnIdThatNamesNothingIsNotRemembered) {
  chat::AccessCache::remember(30, 7, store::ChannelAccess{}, chat::AccessCache::generation());
  EXPECT_FALSE(chat::AccessCache::find(30, 7).has_value());
}

TEST(AccessCache, EachThreadKeepsItsOwnButForgetsWithAll) {
  chat::AccessCache::remember(40, 7, member_of(3), chat::AccessCache::generation());
  bool seen_elsewhere = true;
  std::thread([&] { seen_elsewhere = chat::AccessCache::find(40, 7).has_value(); }).join();
  EXPECT_FALSE(seen_elsewhere);
  std::thread([] { chat::AccessCache::forget_all(); }).join();
  EXPECT_FALSE(chat::AccessCache::find(40, 7).has_value());
}

}  // namespace

// Store conformance: accounts, categories, servers, channels, memberships, messages.
#include <unistd.h>

#include "store_fixture.hpp"

namespace {

using store_test::StoreTest;

class StoreBasics : public StoreTest {};
PARLEY_STORE_SUITE(StoreBasics);

TEST_P(StoreBasics, AccountsAreUniqueCaseInsensitively) {
  auto id = store().create_account({"Alice", "h", false});
  ASSERT_TRUE(id);
  EXPECT_FALSE(store().create_account({"alice", "h", false}));
  EXPECT_FALSE(store().create_account({"ALICE", "h", false}));
  auto found = store().find_account_by_name("aLiCe");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(found->username, "Alice");
  EXPECT_GT(found->date_joined, 0);
}

TEST_P(StoreBasics, UnicodeUsernamesFoldCase) {
  ASSERT_TRUE(store().create_account({"Élodie", "h", false}));
  EXPECT_FALSE(store().create_account({"élodie", "h", false}));
  EXPECT_TRUE(store().find_account_by_name("ÉLODIE"));
}

TEST_P(StoreBasics, PasswordHashAndStaffChange) {
  auto id = account("bob");
  store().set_password_hash(id, "new-hash");
  store().set_staff(id, true);
  auto bob = store().find_account(id);
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob->password_hash, "new-hash");
  EXPECT_TRUE(bob->is_staff);
  EXPECT_FALSE(store().find_account(id + 1000));
}

TEST_P(StoreBasics, CategoriesAreLowerCaseAndUnique) {
  ASSERT_TRUE(store().create_category("Gaming", std::nullopt));
  EXPECT_FALSE(store().create_category("GAMING", std::nullopt));
  auto found = store().find_category_by_name("gAmInG");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "gaming");
  EXPECT_EQ(store().list_categories().size(), 1u);
}

TEST_P(StoreBasics, OwnerIsMemberOfNewServer) {
  auto owner = account("carol");
  auto other = account("dave");
  auto server = store().create_server({"Lounge", "desc", owner, category("code")});
  EXPECT_TRUE(store().is_member(server, owner));
  EXPECT_FALSE(store().is_member(server, other));
  EXPECT_TRUE(store().add_member(server, other));
  EXPECT_FALSE(store().add_member(server, other));
  EXPECT_TRUE(store().is_member(server, other));
}

TEST_P(StoreBasics, ChannelsAreAppendedInOrder) {
  auto owner = account("carol");
  auto server = store().create_server({"Lounge", std::nullopt, owner, category("code")});
  auto general = store().create_channel({server, owner, "general", "hi"});
  auto help = store().create_channel({server, owner, "help", ""});
  EXPECT_EQ(store().find_channel(general)->position, 0);
  EXPECT_EQ(store().find_channel(help)->position, 1);
  EXPECT_EQ(store().find_channel_by_name(server, "help")->id, help);
  EXPECT_FALSE(store().find_channel_by_name(server, "nope"));
}

TEST_P(StoreBasics, MessagesKeepBatchOrderAndPageBothWays) {
  auto owner = account("alice");
  auto server = store().create_server({"S", std::nullopt, owner, category("c")});
  auto channel = store().create_channel({server, owner, "general", ""});
  std::vector<model::NewMessage> batch;
  for (int i = 0; i < 10; ++i)
    batch.push_back(new_message(channel, owner, "m" + std::to_string(i)));
  auto stored = store().append_messages(batch);
  ASSERT_EQ(stored.size(), 10u);
  for (std::size_t i = 1; i < stored.size(); ++i) EXPECT_GT(stored[i].id, stored[i - 1].id);
  EXPECT_EQ(stored[0].sender, "alice");

  auto newest = store().messages_page(page(channel, std::nullopt, std::nullopt, 3));
  ASSERT_EQ(newest.size(), 3u);
  EXPECT_EQ(newest[0].content, "m7");
  EXPECT_EQ(newest[2].content, "m9");

  auto older = store().messages_page(page(channel, newest[0].id, std::nullopt, 3));
  ASSERT_EQ(older.size(), 3u);
  EXPECT_EQ(older[0].content, "m4");
  EXPECT_EQ(older[2].content, "m6");

  auto after = store().messages_page(page(channel, std::nullopt, stored[1].id, 2));
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].content, "m2");
  EXPECT_EQ(after[1].content, "m3");

  EXPECT_TRUE(store().messages_page(page(channel + 99, std::nullopt, std::nullopt, 5)).empty());
}

TEST_P(StoreBasics, TransactionRollsBackEverythingOnError) {
  EXPECT_THROW(store().transaction([&] {
    account("temp");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_FALSE(store().find_account_by_name("temp"));
  store().transaction([&] { account("kept"); });
  EXPECT_TRUE(store().find_account_by_name("kept"));
}

TEST_P(StoreBasics, PingAnswers) {
  EXPECT_TRUE(store().ping());
}

}  // namespace

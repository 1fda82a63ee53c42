// Store conformance: presence and the member list (SPEC §11) — chosen statuses, a user's
// servers, and member pages (ascending, after, limit; one range read whatever the size).
#include <algorithm>
#include <chrono>

#include "store_fixture.hpp"

namespace {

using model::PresenceStatus;
using store_test::StoreTest;

class StoreMemberList : public StoreTest {};
PARLEY_STORE_SUITE(StoreMemberList);

TEST_P(StoreMemberList, TheChosenStatusIsOnlineUntilChosenAndThenKept) {
  auto alice = account("alice");
  auto bob = account("bob");
  EXPECT_EQ(store().chosen_status(alice), PresenceStatus::online);
  store().set_chosen_status(alice, PresenceStatus::dnd);
  EXPECT_EQ(store().chosen_status(alice), PresenceStatus::dnd);
  store().set_chosen_status(alice, PresenceStatus::invisible);
  store().set_chosen_status(bob, PresenceStatus::idle);
  EXPECT_EQ(store().chosen_status(alice), PresenceStatus::invisible);
  EXPECT_EQ(store().chosen_status(bob), PresenceStatus::idle);
  store().set_chosen_status(alice, PresenceStatus::online);
  EXPECT_EQ(store().chosen_status(alice), PresenceStatus::online);
  EXPECT_EQ(store().chosen_status(bob), PresenceStatus::idle);
  EXPECT_EQ(store().chosen_status(bob + 1000), PresenceStatus::online);  // no such account
}

TEST_P(StoreMemberList, AUsersServersAreAscendingAndFollowJoinsAndLeaves) {
  auto owner = account("owner");
  auto user = account("user");
  auto cat = category("games");
  auto a = store().create_server({"a", {}, owner, cat});
  auto b = store().create_server({"b", {}, owner, cat});
  auto c = store().create_server({"c", {}, owner, cat});
  EXPECT_TRUE(store().server_ids_of(user).empty());
  store().add_member(c, user);
  store().add_member(a, user);
  EXPECT_EQ(store().server_ids_of(user), (std::vector<store::Id>{a, c}));
  EXPECT_EQ(store().server_ids_of(owner), (std::vector<store::Id>{a, b, c}));
  store().remove_member(a, user);
  EXPECT_EQ(store().server_ids_of(user), (std::vector<store::Id>{c}));
  EXPECT_TRUE(store().server_exists(b));
  store().delete_server(b);
  EXPECT_FALSE(store().server_exists(b));
  EXPECT_FALSE(store().server_exists(c + 1000));
}

TEST_P(StoreMemberList, MemberPagesAreAscendingAfterAnIdAndLimited) {
  auto owner = account("owner");
  auto server = store().create_server({"s", {}, owner, category("games")});
  std::vector<store::Id> ids{owner};
  for (int i = 0; i < 30; ++i) {
    std::string name = "m";
    name += std::to_string(i);
    auto id = account(name);
    if (i % 3 == 0) continue;  // not every account is a member
    store().add_member(server, id);
    ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  auto before = store().statements_run();
  auto first = store().members_page(server, 0, 5);
  EXPECT_EQ(store().statements_run() - before, 1u);
  ASSERT_EQ(first.size(), 5u);
  EXPECT_EQ(first[0].user_id, ids[0]);
  EXPECT_EQ(first[0].username, "owner");
  EXPECT_GT(first[0].joined_at, 0);
  std::vector<store::Id> paged;
  store::Id after = 0;
  for (;;) {
    auto page = store().members_page(server, after, 7);
    if (page.empty()) break;
    for (const auto& member : page) paged.push_back(member.user_id);
    after = page.back().user_id;
  }
  EXPECT_EQ(paged, ids);
  EXPECT_EQ(store().members_page(server, 0, 1000).size(), ids.size());
  EXPECT_TRUE(store().members_page(server + 100, 0, 10).empty());
}

// The members route's first page of a 10,000-member server must take at most 5 ms of server
// time (issue 11); the store's share is one range read of the memberships key.
TEST_P(StoreMemberList, TheFirstPageOfTenThousandMembersIsOneShortRangeRead) {
  auto owner = account("owner");
  auto server = store().create_server({"big", {}, owner, category("games")});
  store().transaction([&] {
    for (int i = 0; i < 10000; ++i) {
      std::string name = "member";
      name += std::to_string(i);
      auto id = *store().create_account({name, "hash", false});
      store().add_member(server, id);
    }
  });
  std::vector<double> micros;
  for (int run = 0; run < 21; ++run) {
    auto start = std::chrono::steady_clock::now();
    auto page = store().members_page(server, 0, 100);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    ASSERT_EQ(page.size(), 100u);
  }
  std::sort(micros.begin(), micros.end());
  EXPECT_LT(micros[micros.size() / 2], 2000.0) << "median of 21 first pages, microseconds";
  auto last = store().members_page(server, 0, 1000).back().user_id;
  EXPECT_EQ(store().members_page(server, last, 1000).size(), 1000u);
}

}  // namespace

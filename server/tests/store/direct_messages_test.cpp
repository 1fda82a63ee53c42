// Store conformance: direct messages (SPEC §9) — the pair's one 1:1, groups and their
// recipients, who may see and post (channel_access), policy, blocks and user search.
#include <thread>

#include "store_fixture.hpp"

namespace {

using store_test::StoreTest;

class StoreDirectMessages : public StoreTest {
 protected:
  store::Id server_with(const std::vector<store::Id>& members) {
    auto server = store().create_server({"s", std::nullopt, members.front(), category("c")});
    for (auto member : members) store().add_member(server, member);
    return server;
  }
};
PARLEY_STORE_SUITE(StoreDirectMessages);

std::vector<store::Id> ids_of(const model::DirectChannel& dm) {
  std::vector<store::Id> out;
  for (const auto& user : dm.recipients) out.push_back(user.id);
  return out;
}

TEST_P(StoreDirectMessages, OnePairHasOneChannelWhicheverSideOpensIt) {
  auto alice = account("alice");
  auto bob = account("bob");
  auto first = store().open_direct_channel(alice, bob);
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.channel.kind, model::DmKind::dm);
  EXPECT_EQ(ids_of(first.channel), (std::vector<store::Id>{alice, bob}));
  EXPECT_EQ(first.channel.owner_id, 0);
  EXPECT_FALSE(first.channel.name);
  auto again = store().open_direct_channel(bob, alice);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.channel.id, first.channel.id);
  EXPECT_EQ(store().direct_channels(alice).size(), 1u);
  EXPECT_EQ(store().dm_reach(alice, {bob}).front().existing_dm, first.channel.id);
  // A DM is a channel without a server: the server-channel look-ups do not see one.
  auto channel = store().find_channel(first.channel.id);
  ASSERT_TRUE(channel);
  EXPECT_EQ(channel->server_id, 0);
}

TEST_P(StoreDirectMessages, RacingOpenersGetTheSameChannel) {
  auto alice = account("alice");
  auto bob = account("bob");
  std::vector<store::Id> seen(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto opened =
          i % 2 ? store().open_direct_channel(alice, bob) : store().open_direct_channel(bob, alice);
      seen[static_cast<std::size_t>(i)] = opened.channel.id;
    });
  }
  for (auto& thread : threads) thread.join();
  for (auto id : seen) EXPECT_EQ(id, seen.front());
  EXPECT_EQ(store().direct_channels(bob).size(), 1u);
}

TEST_P(StoreDirectMessages, ChannelAccessAdmitsRecipientsOnlyAndNobodyModerates) {
  auto alice = account("alice");
  auto bob = account("bob");
  auto carol = account("carol");
  auto dm = store().open_direct_channel(alice, bob).channel.id;
  auto access = store().channel_access(dm, alice);
  EXPECT_TRUE(access.found);
  EXPECT_TRUE(access.dm);
  EXPECT_TRUE(access.is_member);
  EXPECT_EQ(access.owner_id, 0);
  EXPECT_EQ(access.server_id, 0);
  EXPECT_FALSE(store().channel_access(dm, carol).found);
  EXPECT_FALSE(store().channel_access(dm + 1000, alice).found);
  // A server channel keeps its answers: a non-member finds it but is no member.
  auto server = server_with({alice});
  auto general = store().create_channel({server, alice, "general", ""});
  auto outside = store().channel_access(general, carol);
  EXPECT_TRUE(outside.found);
  EXPECT_FALSE(outside.dm);
  EXPECT_FALSE(outside.is_member);
  EXPECT_EQ(outside.owner_id, alice);
  EXPECT_TRUE(store().channel_access(general, alice).is_member);
}

TEST_P(StoreDirectMessages, ABlockEitherWayStopsPostingInTheirOneToOneOnly) {
  auto alice = account("alice");
  auto bob = account("bob");
  auto carol = account("carol");
  auto dm = store().open_direct_channel(alice, bob).channel.id;
  auto group = store().create_group(alice, {bob, carol}, std::nullopt).id;
  EXPECT_TRUE(store().block_user(bob, alice));
  EXPECT_FALSE(store().block_user(bob, alice));
  EXPECT_FALSE(store().channel_access(dm, alice).is_member);
  EXPECT_FALSE(store().channel_access(dm, bob).is_member);
  EXPECT_TRUE(store().channel_access(dm, alice).found);  // the history stays readable
  EXPECT_TRUE(store().channel_access(group, alice).is_member);
  auto reach = store().dm_reach(alice, {bob, carol});
  EXPECT_TRUE(reach[0].blocks_caller);
  EXPECT_FALSE(reach[1].blocks_caller);
  EXPECT_FALSE(store().dm_reach(bob, {alice}).front().blocks_caller);
  EXPECT_TRUE(store().unblock_user(bob, alice));
  EXPECT_FALSE(store().unblock_user(bob, alice));
  EXPECT_TRUE(store().channel_access(dm, alice).is_member);
}

TEST_P(StoreDirectMessages, TheBlockListIsTheBlockersOwnInIdOrderAndBounded) {
  auto me = account("me");
  auto zed = account("zed");
  auto amy = account("amy");
  auto other = account("other");
  EXPECT_TRUE(store().blocked_users(me, 10).empty());
  store().block_user(me, amy);
  store().block_user(me, zed);
  store().block_user(other, me);
  auto listed = store().blocked_users(me, 10);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, std::min(zed, amy));
  EXPECT_EQ(listed[1].id, std::max(zed, amy));
  EXPECT_EQ(listed[0].username, zed < amy ? "zed" : "amy");
  EXPECT_EQ(store().blocked_users(me, 1).size(), 1u);
  EXPECT_TRUE(store().blocked_users(zed, 10).empty());  // being blocked lists nothing
  store().unblock_user(me, zed);
  ASSERT_EQ(store().blocked_users(me, 10).size(), 1u);
  EXPECT_EQ(store().blocked_users(me, 10).front().id, amy);
}

TEST_P(StoreDirectMessages, GroupsRenameAddRemoveAndHandOwnershipOn) {
  auto owner = account("owner");
  auto a = account("a");
  auto b = account("b");
  auto c = account("c");
  auto group = store().create_group(owner, {a, b}, std::string("trip"));
  EXPECT_EQ(group.kind, model::DmKind::group);
  EXPECT_EQ(group.owner_id, owner);
  EXPECT_EQ(*group.name, "trip");
  EXPECT_TRUE(store().rename_group(group.id, std::string("plans")));
  EXPECT_EQ(*store().find_direct_channel(group.id)->name, "plans");
  EXPECT_TRUE(store().rename_group(group.id, std::nullopt));
  EXPECT_FALSE(store().find_direct_channel(group.id)->name);
  auto pair = store().open_direct_channel(a, b).channel.id;
  EXPECT_FALSE(store().rename_group(pair, std::string("no")));

  EXPECT_TRUE(store().add_recipient(group.id, c));
  EXPECT_FALSE(store().add_recipient(group.id, c));
  EXPECT_TRUE(store().channel_access(group.id, c).found);
  EXPECT_TRUE(store().remove_recipient(group.id, a));
  EXPECT_FALSE(store().remove_recipient(group.id, a));
  EXPECT_FALSE(store().channel_access(group.id, a).found);
  EXPECT_EQ(ids_of(*store().find_direct_channel(group.id)), (std::vector<store::Id>{owner, b, c}));
  EXPECT_TRUE(store().remove_recipient(group.id, owner));
  EXPECT_EQ(store().find_direct_channel(group.id)->owner_id, b);  // the earliest who stayed
  EXPECT_FALSE(store().find_direct_channel(pair + group.id + 1000));
}

TEST_P(StoreDirectMessages, TheListIsLatestActivityFirstInFixedStatements) {
  auto me = account("me");
  std::vector<store::Id> dms;
  for (int i = 0; i < 12; ++i) {
    auto other = account("other" + std::to_string(i));
    dms.push_back(store().open_direct_channel(me, other).channel.id);
  }
  store().append_messages({new_message(dms[3], me, "older")});
  store().append_messages({new_message(dms[7], me, "newer")});
  auto before = store().statements_run();
  auto listed = store().direct_channels(me);
  EXPECT_LE(store().statements_run() - before, 2u);
  ASSERT_EQ(listed.size(), 12u);
  EXPECT_EQ(listed[0].id, dms[7]);
  EXPECT_EQ(listed[1].id, dms[3]);
  EXPECT_EQ(listed[0].last_seq, 1);
  EXPECT_NE(listed[0].last_message_id, 0);
  EXPECT_EQ(listed[2].id, dms[11]);  // no messages: newest channel first
  for (const auto& dm : listed) EXPECT_EQ(dm.recipients.size(), 2u);
}

TEST_P(StoreDirectMessages, PolicyAndSharedServersAreReported) {
  auto alice = account("alice");
  auto bob = account("bob");
  auto stranger = account("stranger");
  server_with({alice, bob});
  EXPECT_EQ(store().dm_policy(bob), model::DmPolicy::shared_servers);
  store().set_dm_policy(bob, model::DmPolicy::nobody);
  EXPECT_EQ(store().dm_policy(bob), model::DmPolicy::nobody);
  auto reach = store().dm_reach(alice, {bob, stranger, 99999});
  ASSERT_EQ(reach.size(), 3u);
  EXPECT_TRUE(reach[0].exists);
  EXPECT_EQ(reach[0].username, "bob");
  EXPECT_EQ(reach[0].policy, model::DmPolicy::nobody);
  EXPECT_TRUE(reach[0].shares_server);
  EXPECT_FALSE(reach[1].shares_server);
  EXPECT_EQ(reach[1].existing_dm, 0);
  EXPECT_FALSE(reach[2].exists);
}

TEST_P(StoreDirectMessages, SearchIsAFoldedPrefixWithoutTheCallerOrThoseWhoBlockedThem) {
  auto me = account("Marta");
  auto mark = account("mark");
  auto maria = account("MARIA");
  auto blocker = account("Mallory");
  account("bob");
  store().block_user(blocker, me);
  auto found = store().search_users(me, "ma", 20);
  std::vector<std::string> names;
  for (const auto& user : found) names.push_back(user.username);
  EXPECT_EQ(names, (std::vector<std::string>{"MARIA", "mark"}));
  EXPECT_EQ(store().search_users(me, "mar", 1).size(), 1u);
  EXPECT_EQ(store().search_users(me, "mar", 1).front().id, maria);
  EXPECT_EQ(store().search_users(blocker, "mar", 20).size(), 3u);  // the blocker still finds
  EXPECT_TRUE(store().search_users(me, "x", 20).empty());
  EXPECT_EQ(store().search_users(mark, "mark", 20).size(), 0u);
}

}  // namespace

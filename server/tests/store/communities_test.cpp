// Store conformance: the communities API's store methods (server list and its statement
// bound, management, cascades).
#include "store_fixture.hpp"

namespace {

using store_test::StoreTest;

class StoreCommunities : public StoreTest {};
PARLEY_STORE_SUITE(StoreCommunities);

TEST_P(StoreCommunities, ServerListIsBoundedInStatements) {
  auto owner = account("owner");
  auto member = account("member");
  auto cat = category("games");
  for (int i = 0; i < 100; ++i) {
    std::string name = std::to_string(i);
    auto server = store().create_server({name, std::nullopt, owner, cat});
    for (const char* channel : {"c0", "c1", "c2"}) {
      store().create_channel({server, owner, channel, "t"});
    }
    if (i % 2 == 0) store().add_member(server, member);
  }
  store::ServerFilter filter;
  filter.with_num_members = true;
  auto before = store().statements_run();
  auto servers = store().list_servers(filter);
  auto used = store().statements_run() - before;
  ASSERT_EQ(servers.size(), 100u);
  EXPECT_LE(used, 2u) << "N+1: statements grew with the number of servers";
  for (const auto& server : servers) {
    EXPECT_EQ(server.channels.size(), 3u);
    EXPECT_EQ(server.channels[0].name, "c0");
    EXPECT_EQ(*server.num_members, std::stoi(server.name) % 2 == 0 ? 2 : 1);
  }
  filter.member_id = member;
  filter.category = "GAMES";
  before = store().statements_run();
  EXPECT_EQ(store().list_servers(filter).size(), 50u);
  EXPECT_LE(store().statements_run() - before, 2u);
}

TEST_P(StoreCommunities, FiltersApplyBeforeTheLimit) {
  auto owner = account("owner");
  auto a = category("a");
  auto b = category("b");
  for (int i = 0; i < 5; ++i) store().create_server({"a" + std::to_string(i), {}, owner, a});
  auto last_b = store().create_server({"b0", {}, owner, b});
  store::ServerFilter filter;
  filter.category = "B";
  filter.limit = 1;
  auto servers = store().list_servers(filter);
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_EQ(servers[0].id, last_b);
  EXPECT_FALSE(servers[0].num_members);
  filter = {};
  filter.server_id = last_b + 100;
  EXPECT_TRUE(store().list_servers(filter).empty());
}

TEST_P(StoreCommunities, UpdateServerPatchesOnlyGivenFields) {
  auto owner = account("owner");
  auto a = category("a");
  auto b = category("b");
  auto id = store().create_server({"name", std::string("desc"), owner, a});
  store::ServerPatch patch;
  patch.category_id = b;
  EXPECT_TRUE(store().update_server(id, patch));
  auto server = store().find_server(id);
  ASSERT_TRUE(server);
  EXPECT_EQ(server->name, "name");
  EXPECT_EQ(server->description, "desc");
  EXPECT_EQ(server->category_name, "b");
  patch = {};
  patch.description = std::optional<std::string>{};
  patch.name = "renamed";
  store().update_server(id, patch);
  server = store().find_server(id);
  EXPECT_EQ(server->name, "renamed");
  EXPECT_FALSE(server->description);
  EXPECT_FALSE(store().update_server(id + 99, patch));
}

TEST_P(StoreCommunities, DeleteServerCascades) {
  auto owner = account("owner");
  auto other = account("other");
  auto id = store().create_server({"doomed", {}, owner, category("a")});
  auto channel = store().create_channel({id, owner, "general", ""});
  store().add_member(id, other);
  store().append_messages({new_message(channel, other, "hello")});
  EXPECT_TRUE(store().delete_server(id));
  EXPECT_FALSE(store().find_server(id));
  EXPECT_FALSE(store().find_channel(channel));
  EXPECT_FALSE(store().is_member(id, other));
  EXPECT_TRUE(store().messages_page(page(channel, std::nullopt, std::nullopt, 50)).empty());
  EXPECT_FALSE(store().delete_server(id));
}

TEST_P(StoreCommunities, ChannelsReorderRenameAndDelete) {
  auto owner = account("owner");
  auto server = store().create_server({"s", {}, owner, category("a")});
  std::vector<store::Id> ids;
  for (auto name : {"one", "two", "three"})
    ids.push_back(store().create_channel({server, owner, name, ""}));
  store::ChannelPatch patch;
  patch.position = 0;
  patch.topic = "first now";
  EXPECT_TRUE(store().update_channel(ids[2], patch));
  auto names = [&] {
    std::vector<std::string> out;
    auto found = store().find_server(server);
    for (auto& c : found->channels) out.push_back(c.name);
    return out;
  };
  EXPECT_EQ(names(), (std::vector<std::string>{"three", "one", "two"}));
  EXPECT_EQ(store().find_channel(ids[2])->topic, "first now");
  patch = {};
  patch.position = 50;
  patch.name = "last";
  store().update_channel(ids[2], patch);
  EXPECT_EQ(names(), (std::vector<std::string>{"one", "two", "last"}));
  EXPECT_TRUE(store().delete_channel(ids[0]));
  EXPECT_EQ(names(), (std::vector<std::string>{"two", "last"}));
  EXPECT_FALSE(store().update_channel(ids[0], patch));
}

TEST_P(StoreCommunities, MembershipRemoval) {
  auto owner = account("owner");
  auto other = account("other");
  auto server = store().create_server({"s", {}, owner, category("a")});
  EXPECT_FALSE(store().remove_member(server, other));
  store().add_member(server, other);
  EXPECT_TRUE(store().remove_member(server, other));
  EXPECT_FALSE(store().is_member(server, other));
}

TEST_P(StoreCommunities, ImagesSwapReturnsThePreviousPath) {
  auto owner = account("owner");
  auto cat = category("a");
  auto server = store().create_server({"s", {}, owner, cat});
  auto swap = store().replace_server_image(server, store::ImageSlot::icon, "server/1/a.webp");
  EXPECT_TRUE(swap.found);
  EXPECT_FALSE(swap.previous);
  swap = store().replace_server_image(server, store::ImageSlot::icon, "server/1/b.webp");
  EXPECT_EQ(swap.previous, "server/1/a.webp");
  EXPECT_EQ(store().find_server(server)->icon, "server/1/b.webp");
  EXPECT_FALSE(store().find_server(server)->banner);
  EXPECT_FALSE(store().replace_server_image(server + 9, store::ImageSlot::banner, {}).found);
  auto cswap = store().replace_category_icon(cat, "category/1/i.webp");
  EXPECT_TRUE(cswap.found);
  EXPECT_EQ(store().find_category(cat)->icon, "category/1/i.webp");
}

TEST_P(StoreCommunities, CategoryChanges) {
  auto owner = account("owner");
  auto used = category("used");
  auto free_id = category("free");
  store().create_server({"s", {}, owner, used});
  EXPECT_EQ(store().update_category(free_id, "USED", std::nullopt),
            store::CategoryChange::name_taken);
  EXPECT_EQ(store().update_category(free_id, "Renamed", std::optional<std::string>{}),
            store::CategoryChange::ok);
  EXPECT_EQ(store().find_category(free_id)->name, "renamed");
  EXPECT_FALSE(store().find_category(free_id)->description);
  EXPECT_EQ(store().delete_category(used), store::CategoryChange::in_use);
  EXPECT_EQ(store().delete_category(free_id), store::CategoryChange::ok);
  EXPECT_EQ(store().delete_category(free_id), store::CategoryChange::not_found);
}

}  // namespace

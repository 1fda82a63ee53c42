// Store conformance: roles, member roles and channel overwrites (SPEC §10) — @everyone as the
// server, positions kept contiguous, cascades with memberships, roles and channels, and the
// permission rows read in a fixed number of statements.
#include "store_fixture.hpp"

namespace {

using store_test::StoreTest;

class StoreRoles : public StoreTest {};
PARLEY_STORE_SUITE(StoreRoles);

std::vector<std::string> names(const std::vector<store::Role>& roles) {
  std::vector<std::string> out;
  for (const auto& role : roles) out.push_back(role.name + "@" + std::to_string(role.position));
  return out;
}

TEST_P(StoreRoles, RolesStackAboveEveryoneAndCloseGapsWhenDeleted) {
  auto owner = account("owner");
  auto server = store().create_server({"s", {}, owner, category("games")});
  auto roles = store().roles(server);
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_EQ(roles[0].id, server);
  EXPECT_EQ(roles[0].permissions, 101441u);
  store::RoleFields fields;
  fields.name = "a";
  fields.permissions = 1024;
  auto a = store().create_role(server, fields);
  EXPECT_GT(a.id, (store::Id{1} << 40));
  fields.name = "b";
  auto b = store().create_role(server, fields);
  fields.name = "c";
  auto c = store().create_role(server, fields);
  EXPECT_EQ(names(store().roles(server)),
            (std::vector<std::string>{"@everyone@0", "c@1", "b@2", "a@3"}));
  store().set_role_order(server, {a.id, c.id, b.id});
  EXPECT_EQ(names(store().roles(server)),
            (std::vector<std::string>{"@everyone@0", "a@1", "c@2", "b@3"}));
  EXPECT_TRUE(store().delete_role(server, c.id));
  EXPECT_FALSE(store().delete_role(server, c.id));
  EXPECT_FALSE(store().delete_role(server, server));  // @everyone stays
  EXPECT_EQ(names(store().roles(server)), (std::vector<std::string>{"@everyone@0", "a@1", "b@2"}));
  store::RoleFields patch;
  patch.permissions = 0;
  auto everyone = store().update_role(server, server, patch);
  ASSERT_TRUE(everyone);
  EXPECT_EQ(everyone->permissions, 0u);
  patch.name = "bee";
  patch.permissions = 2048;
  auto renamed = store().update_role(server, b.id, patch);
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->name, "bee");
  EXPECT_EQ(renamed->permissions, 2048u);
  auto other = store().create_server({"t", {}, owner, category("music")});
  EXPECT_FALSE(store().update_role(other, b.id, patch));  // a role of another server
}

TEST_P(StoreRoles, MemberRolesAndOverwritesCascadeAndReadInFixedStatements) {
  auto owner = account("owner");
  auto user = account("user");
  auto server = store().create_server({"s", {}, owner, category("games")});
  auto channel = store().create_channel({server, owner, "c", ""});
  store().add_member(server, user);
  store::RoleFields fields;
  fields.name = "r";
  auto role = store().create_role(server, fields);
  EXPECT_TRUE(store().add_member_role(server, user, role.id));
  EXPECT_FALSE(store().add_member_role(server, user, role.id));
  store().put_overwrite({channel, role.id, false, 1024, 0});
  store().put_overwrite({channel, user, true, 0, 2048});
  store().put_overwrite({channel, server, false, 0, 1024});
  store().put_overwrite({channel, server, false, 64, 1024});  // replaces
  auto before = store().statements_run();
  auto rows = store().server_permission_rows(server);
  // server, roles, member roles, overwrites, bans, timeouts
  EXPECT_LE(store().statements_run() - before, 6u);
  EXPECT_TRUE(rows.found);
  EXPECT_EQ(rows.owner_id, owner);
  EXPECT_EQ(rows.member_roles.size(), 1u);
  EXPECT_EQ(rows.overwrites.size(), 3u);
  auto overwrites = store().channel_overwrites(channel);
  ASSERT_EQ(overwrites.size(), 3u);
  for (const auto& o : overwrites) {
    if (o.target_id == user) {
      EXPECT_TRUE(o.member);
      EXPECT_EQ(o.deny, 2048u);
    } else if (o.target_id == server) {
      EXPECT_FALSE(o.member);
      EXPECT_EQ(o.allow, 64u);
      EXPECT_EQ(o.deny, 1024u);
    } else {
      EXPECT_EQ(o.target_id, role.id);
    }
  }
  // Deleting the role removes it from members and overwrites; leaving removes member roles.
  EXPECT_TRUE(store().delete_role(server, role.id));
  EXPECT_TRUE(store().member_role_ids(server, user).empty());
  EXPECT_EQ(store().channel_overwrites(channel).size(), 2u);
  auto again = store().create_role(server, fields);
  store().add_member_role(server, user, again.id);
  store().remove_member(server, user);
  EXPECT_TRUE(store().member_role_ids(server, user).empty());
  EXPECT_TRUE(store().delete_overwrite(channel, user));
  EXPECT_FALSE(store().delete_overwrite(channel, user));
  store().delete_channel(channel);
  EXPECT_TRUE(store().server_permission_rows(server).overwrites.empty());
  EXPECT_FALSE(store().server_permission_rows(server + 1000).found);
}

}  // namespace

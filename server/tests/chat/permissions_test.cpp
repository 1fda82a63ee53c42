// The permission function against Discord's documented evaluation order (owner, base of
// @everyone | roles, ADMINISTRATOR, @everyone overwrite, role overwrites OR-ed, member
// overwrite, implicit rules) and the guard rails (SPEC §10), one row per rule.
#include <gtest/gtest.h>

#include <climits>
#include <string>
#include <vector>

#include "chat/permissions.hpp"

namespace {
using namespace chat::perm;

constexpr model::Id kServer = 100;
constexpr model::Id kChannel = 500;
constexpr model::Id kOwner = 1;
constexpr model::Id kUser = 2;
constexpr model::Id kMods = 1000;    // position 2
constexpr model::Id kHelper = 1001;  // position 1

model::ServerPermissions server_with(std::uint64_t everyone, std::vector<model::Id> user_roles,
                                     std::uint64_t mods = 0, std::uint64_t helper = 0) {
  model::ServerPermissions s;
  s.server_id = kServer;
  s.owner_id = kOwner;
  s.everyone = everyone;
  s.roles[kMods] = {2, mods};
  s.roles[kHelper] = {1, helper};
  s.member_roles[kUser] = std::move(user_roles);
  return s;
}

struct Row {
  std::string rule;
  model::ServerPermissions server;
  std::vector<model::ChannelOverwrite> overwrites;
  model::Id user;
  bool member;
  std::uint64_t expected;
};

model::ChannelOverwrite role_ow(model::Id id, std::uint64_t allow, std::uint64_t deny) {
  return {id, false, allow, deny};
}
model::ChannelOverwrite member_ow(model::Id id, std::uint64_t allow, std::uint64_t deny) {
  return {id, true, allow, deny};
}

TEST(Permissions, ChannelBitsFollowDiscordsOrder) {
  std::vector<Row> rows = {
      {"@everyone defaults", server_with(everyone_default, {}), {}, kUser, true, everyone_default},
      {"owner holds all whatever denies it",
       server_with(0, {}),
       {role_ow(kServer, 0, all), member_ow(kOwner, 0, all)},
       kOwner,
       true,
       all},
      {"base is @everyone OR every role",
       server_with(view_channel, {kMods, kHelper}, send_messages, add_reactions),
       {},
       kUser,
       true,
       view_channel | send_messages | add_reactions},
      {"ADMINISTRATOR from a role is all, overwrites ignored",
       server_with(view_channel, {kHelper}, 0, administrator),
       {role_ow(kServer, 0, all)},
       kUser,
       true,
       all},
      {"@everyone overwrite deny",
       server_with(everyone_default, {}),
       {role_ow(kServer, 0, add_reactions)},
       kUser,
       true,
       everyone_default & ~add_reactions},
      {"@everyone overwrite allow",
       server_with(view_channel, {}),
       {role_ow(kServer, manage_messages, 0)},
       kUser,
       true,
       view_channel | manage_messages},
      {"role allow beats @everyone deny",
       server_with(everyone_default, {kHelper}),
       {role_ow(kServer, 0, view_channel), role_ow(kHelper, view_channel, 0)},
       kUser,
       true,
       everyone_default},
      {"role allows win over other roles' denies (OR-ed)",
       server_with(everyone_default, {kMods, kHelper}),
       {role_ow(kMods, 0, send_messages), role_ow(kHelper, send_messages, 0)},
       kUser,
       true,
       everyone_default},
      {"role deny applies when no role allows",
       server_with(everyone_default, {kHelper}),
       {role_ow(kHelper, 0, add_reactions)},
       kUser,
       true,
       everyone_default & ~add_reactions},
      {"overwrites of roles not held do nothing",
       server_with(everyone_default, {}),
       {role_ow(kMods, 0, all)},
       kUser,
       true,
       everyone_default},
      {"member overwrite comes last: allow beats role deny",
       server_with(everyone_default, {kHelper}),
       {role_ow(kHelper, 0, add_reactions), member_ow(kUser, add_reactions, 0)},
       kUser,
       true,
       everyone_default},
      {"member overwrite deny beats role allow",
       server_with(everyone_default, {kHelper}),
       {role_ow(kHelper, manage_messages, 0), member_ow(kUser, 0, manage_messages)},
       kUser,
       true,
       everyone_default},
      {"no VIEW_CHANNEL: nothing at all",
       server_with(everyone_default | manage_messages, {}),
       {role_ow(kServer, 0, view_channel)},
       kUser,
       true,
       0},
      {"no SEND_MESSAGES: no MENTION_EVERYONE, no ATTACH_FILES",
       server_with(everyone_default | mention_everyone, {}),
       {role_ow(kServer, 0, send_messages)},
       kUser,
       true,
       (everyone_default | mention_everyone) & ~(send_messages | mention_everyone | attach_files)},
      {"non-member of a public server reads, never more",
       server_with(all & ~administrator, {}),
       {},
       kUser,
       false,
       view_channel | read_message_history},
      {"non-member: @everyone's view denied hides the channel",
       server_with(everyone_default, {}),
       {role_ow(kServer, 0, view_channel)},
       kUser,
       false,
       0},
      {"non-member: a member overwrite grants nothing",
       server_with(0, {}),
       {member_ow(kUser, all & ~administrator, 0)},
       kUser,
       false,
       0},
      {"unknown role ids held are ignored",
       server_with(view_channel, {424242}),
       {},
       kUser,
       true,
       view_channel},
  };
  for (auto& row : rows) {
    row.server.overwrites[kChannel] = row.overwrites;
    EXPECT_EQ(chat::channel_permissions(row.server, kChannel, row.user, row.member), row.expected)
        << row.rule;
    // Another channel of the server has none of those overwrites.
    if (row.overwrites.empty()) {
      EXPECT_EQ(chat::channel_permissions(row.server, kChannel + 1, row.user, row.member),
                row.expected)
          << row.rule;
    }
  }
}

TEST(Permissions, ServerBitsIgnoreOverwrites) {
  auto s = server_with(everyone_default, {kMods}, kick_members | manage_roles);
  s.overwrites[kChannel] = {role_ow(kMods, 0, all)};
  EXPECT_EQ(chat::server_permissions(s, kUser, true),
            everyone_default | kick_members | manage_roles);
  EXPECT_EQ(chat::server_permissions(s, kOwner, true), all);
  EXPECT_EQ(chat::server_permissions(s, kUser, false), view_channel | read_message_history);
}

TEST(Permissions, HierarchyIsStrictlyBelowTheHighestRole) {
  auto s = server_with(everyone_default, {kHelper});
  s.member_roles[3] = {kMods, kHelper};
  EXPECT_EQ(chat::highest_position(s, kOwner), INT_MAX);
  EXPECT_EQ(chat::highest_position(s, kUser), 1);
  EXPECT_EQ(chat::highest_position(s, 3), 2);
  EXPECT_EQ(chat::highest_position(s, 4), 0);  // only @everyone
  EXPECT_TRUE(chat::outranks(s, 3, 1));        // mods act on helpers
  EXPECT_FALSE(chat::outranks(s, 3, 2));       // not on their own rank
  EXPECT_FALSE(chat::outranks(s, kUser, 2));
  EXPECT_TRUE(chat::outranks(s, kUser, 0));  // on plain members
  EXPECT_FALSE(chat::outranks(s, 4, 0));     // a plain member on nobody
  EXPECT_TRUE(chat::outranks(s, kOwner, INT_MAX - 1));
}

TEST(Permissions, NobodyGrantsBitsTheyLack) {
  EXPECT_TRUE(chat::may_grant(everyone_default, view_channel | send_messages));
  EXPECT_FALSE(chat::may_grant(everyone_default, view_channel | manage_roles));
  EXPECT_TRUE(chat::may_grant(all, all));
  EXPECT_TRUE(chat::may_grant(0, 0));
}

TEST(Permissions, BitsParseAsDecimalsOfListedBitsOnly) {
  EXPECT_EQ(chat::parse_permission_bits("0"), 0u);
  EXPECT_EQ(chat::parse_permission_bits("1024"), view_channel);
  EXPECT_EQ(chat::parse_permission_bits(std::to_string(all)), all);
  EXPECT_EQ(chat::parse_permission_bits(std::to_string(moderate_members)), moderate_members);
  EXPECT_FALSE(chat::parse_permission_bits("256"));  // 1<<8 is not a listed bit
  EXPECT_FALSE(chat::parse_permission_bits("-1"));
  EXPECT_FALSE(chat::parse_permission_bits("18446744073709551616"));  // 2^64
  EXPECT_FALSE(chat::parse_permission_bits("12a"));
  EXPECT_FALSE(chat::parse_permission_bits(""));
  EXPECT_FALSE(chat::parse_permission_bits(" 1"));
}

}  // namespace

namespace {

TEST(Permissions, TimeoutsHoldMembersButNotTheOwnerOrAdministrators) {
  auto s = server_with(everyone_default, {kHelper}, 0, administrator);
  s.member_roles[3] = {};
  s.timeouts[3] = 5000;
  s.timeouts[kUser] = 6000;   // an administrator through the helper role
  s.timeouts[kOwner] = 7000;  // cannot hold the owner
  EXPECT_EQ(chat::timeout_until(s, 3), 5000);
  EXPECT_EQ(chat::timeout_until(s, kUser), 0);
  EXPECT_EQ(chat::timeout_until(s, kOwner), 0);
  EXPECT_EQ(chat::timeout_until(s, 4), 0);  // never timed out
  // A timeout takes no bits away: reading stays allowed, and it ends by itself.
  EXPECT_EQ(chat::channel_permissions(s, kChannel, 3, true), everyone_default);
}

}  // namespace

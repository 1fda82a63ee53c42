// Store conformance: timeouts and the audit log (SPEC §10) — a timeout only for members, kept
// when they leave and come back, gone when lifted or expired; audit entries newest first, paged
// by id, written or dropped with the transaction of their action; a user's recent messages.
#include "store_fixture.hpp"

namespace {

using store_test::StoreTest;

class StoreModeration : public StoreTest {};
PARLEY_STORE_SUITE(StoreModeration);

constexpr std::int64_t kHour = 3600LL * 1'000'000;

TEST_P(StoreModeration, TimeoutsAreForMembersAndOutliveLeaving) {
  auto owner = account("owner");
  auto user = account("user");
  auto server = store().create_server({"s", {}, owner, category("games")});
  auto now = util_now();
  EXPECT_FALSE(store().set_timeout(server, user, now + kHour, now));  // not a member
  ASSERT_TRUE(store().add_member(server, user));
  EXPECT_FALSE(store().timeout_until(server, user, now));
  ASSERT_TRUE(store().set_timeout(server, user, now + kHour, now));
  EXPECT_EQ(store().timeout_until(server, user, now), now + kHour);
  EXPECT_FALSE(store().timeout_until(server, user, now + kHour));  // over by then
  auto rows = store().server_permission_rows(server);
  ASSERT_EQ(rows.timeouts.size(), 1u);
  EXPECT_EQ(rows.timeouts[0], std::make_pair(user, now + kHour));
  ASSERT_TRUE(store().remove_member(server, user));
  ASSERT_TRUE(store().add_member(server, user));
  EXPECT_EQ(store().timeout_until(server, user, now), now + kHour);
  ASSERT_TRUE(store().set_timeout(server, user, std::nullopt, now));
  EXPECT_FALSE(store().timeout_until(server, user, now));
  EXPECT_TRUE(store().server_permission_rows(server).timeouts.empty());
  ASSERT_TRUE(store().set_timeout(server, user, now - 1, now));  // in the past: lifted
  EXPECT_TRUE(store().server_permission_rows(server).timeouts.empty());
}

TEST_P(StoreModeration, ExpiredTimeoutsAreDroppedOnTheNextChange) {
  auto owner = account("owner");
  auto a = account("a");
  auto b = account("b");
  auto server = store().create_server({"s", {}, owner, category("games")});
  store().add_member(server, a);
  store().add_member(server, b);
  auto now = util_now();
  store().set_timeout(server, a, now + 10, now);
  store().set_timeout(server, b, now + kHour, now + 20);  // a's has expired by then
  auto rows = store().server_permission_rows(server);
  ASSERT_EQ(rows.timeouts.size(), 1u);
  EXPECT_EQ(rows.timeouts[0].first, b);
}

TEST_P(StoreModeration, AuditEntriesPageNewestFirstPerServer) {
  auto owner = account("owner");
  auto server = store().create_server({"s", {}, owner, category("games")});
  auto other = store().create_server({"t", {}, owner, category("music")});
  std::vector<store::Id> ids;
  for (int i = 0; i < 5; ++i) {
    store::AuditEntry entry;
    entry.server_id = server;
    entry.action = "role.update";
    entry.actor_id = owner;
    entry.target_id = i == 0 ? std::nullopt : std::optional<store::Id>(i);
    entry.reason = i == 1 ? std::optional<std::string>("ré ✓") : std::nullopt;
    entry.changes = R"({"name":["a","b"]})";
    entry.created_at = 1000 + i;
    ids.push_back(store().record_audit(entry));
  }
  store::AuditEntry elsewhere;
  elsewhere.server_id = other;
  elsewhere.action = "member.kick";
  store().record_audit(elsewhere);
  auto all = store().audit_log(server, std::nullopt, 100);
  ASSERT_EQ(all.size(), 5u);
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].id, ids[4 - i]);
  EXPECT_EQ(all[3].reason, "ré ✓");
  EXPECT_EQ(all[3].target_id, 1);
  EXPECT_FALSE(all[4].target_id);
  EXPECT_EQ(all[4].changes, R"({"name":["a","b"]})");
  EXPECT_EQ(all[4].created_at, 1000);
  EXPECT_EQ(all[0].actor_id, owner);
  auto page = store().audit_log(server, ids[3], 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, ids[2]);
  EXPECT_EQ(page[1].id, ids[1]);
  EXPECT_EQ(store().audit_log(other, std::nullopt, 10).size(), 1u);
}

TEST_P(StoreModeration, AnEntryCommitsOrRollsBackWithItsAction) {
  auto owner = account("owner");
  auto user = account("user");
  auto server = store().create_server({"s", {}, owner, category("games")});
  store().add_member(server, user);
  store::AuditEntry entry;
  entry.server_id = server;
  entry.action = "member.kick";
  entry.target_id = user;
  EXPECT_THROW(store().transaction([&] {
    store().remove_member(server, user);
    store().record_audit(entry);
    throw std::runtime_error("the action failed after its entry");
  }),
               std::runtime_error);
  EXPECT_TRUE(store().is_member(server, user));
  EXPECT_TRUE(store().audit_log(server, std::nullopt, 10).empty());
  store().transaction([&] {
    store().remove_member(server, user);
    store().record_audit(entry);
  });
  EXPECT_FALSE(store().is_member(server, user));
  EXPECT_EQ(store().audit_log(server, std::nullopt, 10).size(), 1u);
}

TEST_P(StoreModeration, RecentMessagesOfOneAuthorInOneServer) {
  auto owner = account("owner");
  auto spammer = account("spammer");
  auto server = store().create_server({"s", {}, owner, category("games")});
  auto other = store().create_server({"t", {}, owner, category("music")});
  auto a = store().create_channel({server, owner, "a", ""});
  auto b = store().create_channel({server, owner, "b", ""});
  auto elsewhere = store().create_channel({other, owner, "c", ""});
  auto before = util_now();
  auto made = store().append_messages({new_message(a, spammer, "1"), new_message(b, spammer, "2"),
                                       new_message(a, owner, "3"), new_message(a, spammer, "4"),
                                       new_message(elsewhere, spammer, "5")});
  store::ChannelOp remove;
  remove.kind = store::ChannelOp::Kind::remove;
  remove.channel_id = a;
  remove.actor_id = spammer;
  remove.message_id = made[0].id;
  ASSERT_EQ(store().apply_channel_ops({remove})[0].status, store::OpStatus::applied);
  auto found = store().messages_since(server, spammer, before, 100);
  ASSERT_EQ(found.size(), 2u);  // newest first; the deleted one, the owner's and t's left out
  EXPECT_EQ(found[0].message_id, made[3].id);
  EXPECT_EQ(found[0].channel_id, a);
  EXPECT_EQ(found[1].message_id, made[1].id);
  EXPECT_EQ(found[1].channel_id, b);
  EXPECT_EQ(store().messages_since(server, spammer, before, 1).size(), 1u);
  EXPECT_TRUE(store().messages_since(server, spammer, util_now() + kHour, 100).empty());
}

TEST_P(StoreModeration, AModeratorsDeleteIsAuditedInItsTransaction) {
  auto owner = account("owner");
  auto author = account("author");
  auto server = store().create_server({"s", {}, owner, category("games")});
  auto channel = store().create_channel({server, owner, "a", ""});
  auto made = store().append_messages(
      {new_message(channel, author, "x"), new_message(channel, owner, "y")});
  store::ChannelOp remove;
  remove.kind = store::ChannelOp::Kind::remove;
  remove.channel_id = channel;
  remove.actor_id = owner;
  remove.moderator = true;
  remove.audited = true;
  remove.audit_reason = "off topic";
  remove.message_id = made[0].id;
  auto own = remove;
  own.message_id = made[1].id;
  auto results = store().apply_channel_ops({remove, own});
  ASSERT_EQ(results[0].status, store::OpStatus::applied);
  ASSERT_EQ(results[1].status, store::OpStatus::applied);
  auto log = store().audit_log(server, std::nullopt, 10);
  ASSERT_EQ(log.size(), 1u);  // one's own message is not moderation
  EXPECT_EQ(log[0].action, "message.delete");
  EXPECT_EQ(log[0].actor_id, owner);
  EXPECT_EQ(log[0].target_id, author);
  EXPECT_EQ(log[0].reason, "off topic");
  EXPECT_EQ(log[0].changes, "{\"channel_id\":" + std::to_string(channel) +
                                ",\"message_id\":" + std::to_string(made[0].id) + "}");
}

}  // namespace

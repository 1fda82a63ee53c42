// Store conformance: private servers and invites (SPEC §10) — visibility stored, filtered and
// patched; invites usable until expired, used up or revoked; redeeming counts the use and adds
// the membership together, never past max_uses even when threads race.
#include <atomic>
#include <thread>

#include "store_fixture.hpp"

namespace {

using store_test::StoreTest;

class StoreInvites : public StoreTest {
 protected:
  store::NewInvite invite_of(store::Id server, store::Id inviter, std::string code,
                             std::int64_t max_uses = 0,
                             std::optional<model::Micros> expires_at = std::nullopt) {
    store::NewInvite invite;
    invite.code = std::move(code);
    invite.server_id = server;
    invite.inviter_id = inviter;
    invite.max_uses = max_uses;
    invite.expires_at = expires_at;
    invite.now = util_now();
    return invite;
  }
};
PARLEY_STORE_SUITE(StoreInvites);

TEST_P(StoreInvites, VisibilityIsStoredFilteredAndPatched) {
  auto owner = account("owner");
  auto member = account("member");
  auto outsider = account("outsider");
  auto games = category("games");
  store::NewServer hidden{"hidden", {}, owner, games, true};
  auto secret = store().create_server(hidden);
  auto open = store().create_server({"open", {}, owner, games});
  ASSERT_TRUE(store().add_member(secret, member));
  EXPECT_TRUE(store().find_server(secret)->is_private);
  EXPECT_FALSE(store().find_server(open)->is_private);
  EXPECT_TRUE(store().server_permission_rows(secret).is_private);

  auto ids_for = [&](std::optional<store::Id> viewer) {
    store::ServerFilter filter;
    filter.visible_to = viewer;
    filter.with_num_members = true;
    std::vector<store::Id> ids;
    for (const auto& s : store().list_servers(filter)) ids.push_back(s.id);
    return ids;
  };
  EXPECT_EQ(ids_for(std::nullopt), (std::vector<store::Id>{secret, open}));
  EXPECT_EQ(ids_for(owner), (std::vector<store::Id>{secret, open}));
  EXPECT_EQ(ids_for(member), (std::vector<store::Id>{secret, open}));
  EXPECT_EQ(ids_for(outsider), (std::vector<store::Id>{open}));
  EXPECT_EQ(ids_for(0), (std::vector<store::Id>{open}));

  store::ServerPatch patch;
  patch.is_private = false;
  ASSERT_TRUE(store().update_server(secret, patch));
  EXPECT_FALSE(store().find_server(secret)->is_private);
  EXPECT_EQ(ids_for(outsider), (std::vector<store::Id>{secret, open}));
  store::ServerPatch rename;
  rename.name = "renamed";
  patch.is_private = true;
  ASSERT_TRUE(store().update_server(open, patch));
  ASSERT_TRUE(store().update_server(open, rename));  // leaves visibility alone
  EXPECT_TRUE(store().find_server(open)->is_private);
}

TEST_P(StoreInvites, InvitesAreUsableUntilExpiredUsedUpOrRevoked) {
  auto owner = account("owner");
  auto joiner = account("joiner");
  auto other = account("other");
  auto server = store().create_server({"s", {}, owner, category("games")});
  auto now = util_now();
  ASSERT_EQ(store().create_invite(invite_of(server, owner, "forever")),
            store::InviteCreation::created);
  EXPECT_EQ(store().create_invite(invite_of(server, other, "forever")),
            store::InviteCreation::code_taken);
  ASSERT_EQ(store().create_invite(invite_of(server, owner, "once", 1)),
            store::InviteCreation::created);
  ASSERT_EQ(store().create_invite(invite_of(server, other, "soon", 0, now + 60'000'000)),
            store::InviteCreation::created);

  auto found = store().usable_invite("soon", now);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->server_id, server);
  EXPECT_EQ(found->inviter_id, std::optional<store::Id>(other));
  EXPECT_EQ(found->expires_at, std::optional<model::Micros>(now + 60'000'000));
  EXPECT_FALSE(store().usable_invite("soon", now + 60'000'000));  // expired at that instant
  EXPECT_FALSE(store().usable_invite("nope", now));
  EXPECT_EQ(store().server_invites(server, std::nullopt, now).size(), 3u);
  auto mine = store().server_invites(server, other, now);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].code, "soon");

  auto expired = store().redeem_invite("soon", joiner, now + 61'000'000);
  EXPECT_EQ(expired.status, store::Redemption::not_found);
  auto joined = store().redeem_invite("once", joiner, now);
  EXPECT_EQ(joined.status, store::Redemption::joined);
  EXPECT_EQ(joined.server_id, server);
  EXPECT_TRUE(store().is_member(server, joiner));
  EXPECT_FALSE(store().usable_invite("once", now));  // used up
  EXPECT_EQ(store().redeem_invite("once", other, now).status, store::Redemption::not_found);
  EXPECT_EQ(store().redeem_invite("forever", joiner, now).status, store::Redemption::already);
  EXPECT_EQ(store().usable_invite("forever", now)->uses, 0);  // a refusal counts nothing

  ASSERT_FALSE(store().ban(server, other, std::nullopt));
  EXPECT_EQ(store().redeem_invite("forever", other, now).status, store::Redemption::banned);
  EXPECT_FALSE(store().is_member(server, other));

  // Only its creator revokes it, unless the actor may revoke anyone's.
  auto refused = store().revoke_invite({server, "forever", other, false});
  EXPECT_EQ(refused.status, store::RevokeStatus::forbidden);
  EXPECT_TRUE(store().usable_invite("forever", now));
  auto revoked = store().revoke_invite({server, "forever", owner, false});
  EXPECT_EQ(revoked.status, store::RevokeStatus::revoked);
  ASSERT_TRUE(revoked.invite);
  EXPECT_EQ(revoked.invite->code, "forever");
  EXPECT_FALSE(store().usable_invite("forever", now));
  EXPECT_EQ(store().revoke_invite({server, "forever", owner, true}).status,
            store::RevokeStatus::not_found);
  auto elsewhere = store().create_server({"t", {}, owner, category("music")});
  EXPECT_EQ(store().revoke_invite({elsewhere, "soon", owner, true}).status,
            store::RevokeStatus::not_found);
  EXPECT_EQ(store().revoke_invite({server, "soon", owner, true}).status,
            store::RevokeStatus::revoked);

  // Deleting the server takes its invites along.
  ASSERT_EQ(store().create_invite(invite_of(elsewhere, owner, "gone")),
            store::InviteCreation::created);
  ASSERT_TRUE(store().delete_server(elsewhere));
  EXPECT_FALSE(store().usable_invite("gone", now));
}

TEST_P(StoreInvites, RacingRedemptionsNeverPassMaxUses) {
  auto owner = account("owner");
  auto server = store().create_server({"s", {}, owner, category("games")});
  ASSERT_EQ(store().create_invite(invite_of(server, owner, "race", 5)),
            store::InviteCreation::created);
  constexpr int kRacers = 24;
  std::vector<store::Id> racers;
  for (int i = 0; i < kRacers; ++i) racers.push_back(account("racer" + std::to_string(i)));
  std::atomic<int> joined{0}, refused{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (auto id : racers) {
    threads.emplace_back([&, id] {
      while (!go.load()) std::this_thread::yield();
      auto result = store().redeem_invite("race", id, util_now());
      if (result.status == store::Redemption::joined) {
        ++joined;
      } else if (result.status == store::Redemption::not_found) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(joined.load(), 5);
  EXPECT_EQ(refused.load(), kRacers - 5);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(store().find_server(server)->num_members, std::optional<std::int64_t>(6));
}

TEST_P(StoreInvites, CreatingDropsDeadInvitesOfTheServer) {
  auto owner = account("owner");
  auto joiner = account("joiner");
  auto server = store().create_server({"s", {}, owner, category("games")});
  auto now = util_now();
  ASSERT_EQ(store().create_invite(invite_of(server, owner, "old", 0, now - 1)),
            store::InviteCreation::created);
  ASSERT_EQ(store().create_invite(invite_of(server, owner, "full", 1)),
            store::InviteCreation::created);
  ASSERT_EQ(store().redeem_invite("full", joiner, now).status, store::Redemption::joined);
  ASSERT_EQ(store().create_invite(invite_of(server, owner, "new")), store::InviteCreation::created);
  // The dead ones are gone for good: their codes can be stored again.
  EXPECT_EQ(store().create_invite(invite_of(server, owner, "old")), store::InviteCreation::created);
  EXPECT_EQ(store().create_invite(invite_of(server, owner, "full")),
            store::InviteCreation::created);
  EXPECT_EQ(store().server_invites(server, std::nullopt, now).size(), 3u);
}

}  // namespace

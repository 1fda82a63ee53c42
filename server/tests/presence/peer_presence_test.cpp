// PeerPresence: what the other nodes see of users, and the notice that carries it (SPEC §14).
#include "presence/peer_presence.hpp"

#include <gtest/gtest.h>

namespace {

using model::PresenceStatus;
using presence::decode_presence_seen;
using presence::encode_presence_seen;
using presence::PeerPresence;
using presence::PresenceSeen;

TEST(PeerPresence, AUserIsOnlineWhileAnyPeerHasThem) {
  PeerPresence peers;
  EXPECT_EQ(peers.seen(7), PresenceStatus::offline);
  peers.set(1, 7, PresenceStatus::online);
  peers.set(2, 7, PresenceStatus::online);
  peers.set(1, 7, PresenceStatus::offline);
  EXPECT_EQ(peers.seen(7), PresenceStatus::online);  // node 2 still has a socket
  peers.set(2, 7, PresenceStatus::dnd);
  EXPECT_EQ(peers.seen(7), PresenceStatus::dnd);
  peers.set(2, 7, PresenceStatus::offline);
  EXPECT_EQ(peers.seen(7), PresenceStatus::offline);
  EXPECT_TRUE(peers.forget_node(2).empty());  // nothing left of it
}

TEST(PeerPresence, ALostNodeTakesItsUsersAndOnlyThem) {
  PeerPresence peers;
  peers.set(1, 7, PresenceStatus::online);
  peers.set(1, 8, PresenceStatus::idle);
  peers.set(2, 8, PresenceStatus::idle);
  peers.set(2, 9, PresenceStatus::online);
  EXPECT_EQ(peers.forget_node(1), (std::vector<model::Id>{7, 8}));
  EXPECT_EQ(peers.seen(7), PresenceStatus::offline);
  EXPECT_EQ(peers.seen(8), PresenceStatus::idle);
  EXPECT_EQ(peers.seen(9), PresenceStatus::online);
  EXPECT_TRUE(peers.forget_node(1).empty());
}

TEST(PeerPresence, TheNoticeCarriesUserStatusAndWhetherTheListsWereTold) {
  for (auto status : {PresenceStatus::online, PresenceStatus::idle, PresenceStatus::dnd,
                      PresenceStatus::offline}) {
    for (bool published : {false, true}) {
      PresenceSeen sent{123456789012345, status, published};
      PresenceSeen got;
      ASSERT_TRUE(decode_presence_seen(encode_presence_seen(sent), got));
      EXPECT_EQ(got.user_id, sent.user_id);
      EXPECT_EQ(got.seen, status);
      EXPECT_EQ(got.published, published);
    }
  }
  PresenceSeen got;
  EXPECT_FALSE(decode_presence_seen(-1, got));
  EXPECT_FALSE(decode_presence_seen(encode_presence_seen({0, PresenceStatus::online, false}), got));
  // Others never see invisible; no node sends it, and codes beyond offline are nothing.
  EXPECT_FALSE(
      decode_presence_seen(encode_presence_seen({5, PresenceStatus::invisible, false}), got));
  EXPECT_FALSE(decode_presence_seen((5 << 4) | 7, got));
}

}  // namespace

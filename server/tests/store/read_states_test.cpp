// Read states (SPEC §8) on every backend: forward-only acks and manual "mark unread", mention
// counts of me and of everyone that follow creates, edits and deletes (no ghost unreads),
// rows for members only, and acks whose cost does not grow with the channel's history.
#include "store_fixture.hpp"

namespace {

using store::AckStatus;
using store::ChannelOp;
using Kind = store::ChannelOp::Kind;
using store_test::StoreTest;

class ReadStatesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    owner_ = account("owner");
    bob_ = account("bob");
    carol_ = account("carol");  // not a member
    server_ = store().create_server({"S", std::nullopt, owner_, category("c")});
    general_ = store().create_channel({server_, owner_, "general", ""});
    random_ = store().create_channel({server_, owner_, "random", ""});
    store().add_member(server_, bob_);
  }

  store::Id post(store::Id channel, store::Id sender, std::vector<store::Id> mentions = {},
                 bool everyone = false) {
    ChannelOp o;
    o.kind = Kind::create;
    o.channel_id = channel;
    o.actor_id = sender;
    o.content = "hello";
    o.mentions = std::move(mentions);
    o.mention_everyone = everyone;
    auto result = store().apply_channel_ops({o}).front();
    EXPECT_EQ(result.status, store::OpStatus::applied);
    return result.message->id;
  }
  void edit(store::Id channel, store::Id sender, store::Id message, std::vector<store::Id> mentions,
            bool everyone = false) {
    ChannelOp o;
    o.kind = Kind::edit;
    o.channel_id = channel;
    o.actor_id = sender;
    o.message_id = message;
    o.content = "edited";
    o.mentions = std::move(mentions);
    o.mention_everyone = everyone;
    EXPECT_EQ(store().apply_channel_ops({o}).front().status, store::OpStatus::applied);
  }
  void remove(store::Id channel, store::Id sender, store::Id message) {
    ChannelOp o;
    o.kind = Kind::remove;
    o.channel_id = channel;
    o.actor_id = sender;
    o.message_id = message;
    EXPECT_EQ(store().apply_channel_ops({o}).front().status, store::OpStatus::applied);
  }
  // The user's read state in the channel, from the listing (nullopt: not listed).
  std::optional<model::ReadState> state(store::Id user, store::Id channel) {
    for (const auto& s : store().read_states(user)) {
      if (s.channel_id == channel) return s;
    }
    return std::nullopt;
  }
  int mentions(store::Id user, store::Id channel) {
    auto s = state(user, channel);
    return s ? s->mention_count : -1;
  }

  store::Id owner_ = 0, bob_ = 0, carol_ = 0, server_ = 0, general_ = 0, random_ = 0;
};

TEST_P(ReadStatesTest, AcksMoveForwardOnlyUnlessManual) {
  auto m1 = post(general_, owner_);
  auto m2 = post(general_, owner_);
  auto m3 = post(general_, owner_);
  auto moved = store().ack(bob_, general_, m2, false);
  EXPECT_EQ(moved.status, AckStatus::moved);
  EXPECT_EQ(moved.state.channel_id, general_);
  EXPECT_EQ(moved.state.last_read_id, m2);
  auto older = store().ack(bob_, general_, m1, false);
  EXPECT_EQ(older.status, AckStatus::unchanged);
  EXPECT_EQ(older.state.last_read_id, m2);
  EXPECT_EQ(store().ack(bob_, general_, m2, false).status, AckStatus::unchanged);
  EXPECT_EQ(store().ack(bob_, general_, m3, false).state.last_read_id, m3);
  auto back = store().ack(bob_, general_, m1, true);
  EXPECT_EQ(back.status, AckStatus::moved);
  EXPECT_EQ(back.state.last_read_id, m1);
  EXPECT_EQ(state(bob_, general_)->last_read_id, m1);
  EXPECT_EQ(store().ack(bob_, general_, m1, true).status, AckStatus::unchanged);
}

TEST_P(ReadStatesTest, AcksNameAMessageOfTheirChannel) {
  auto in_random = post(random_, owner_);
  EXPECT_EQ(store().ack(bob_, general_, in_random, false).status, AckStatus::no_message);
  EXPECT_EQ(store().ack(bob_, general_, 999999, false).status, AckStatus::no_message);
  EXPECT_EQ(store().ack(bob_, 999999, in_random, false).status, AckStatus::no_channel);
  EXPECT_EQ(state(bob_, general_)->last_read_id, 0);  // nothing changed
}

TEST_P(ReadStatesTest, MembersStartWithWhatWasThereReadAndLeavingForgetsThem) {
  auto before = post(general_, owner_);
  store().add_member(server_, carol_);
  auto joined = store().read_states(carol_);
  ASSERT_EQ(joined.size(), 2u);
  EXPECT_EQ(joined[0].channel_id, general_);
  EXPECT_EQ(joined[0].last_read_id, before);
  EXPECT_EQ(joined[1].channel_id, random_);
  EXPECT_EQ(joined[1].last_read_id, 0);
  store().remove_member(server_, carol_);
  EXPECT_TRUE(store().read_states(carol_).empty());
}

TEST_P(ReadStatesTest, MentionsOfMeCountAfterTheMarkAndFollowEditsAndDeletes) {
  auto m1 = post(general_, owner_, {bob_});
  auto m2 = post(general_, owner_, {bob_, owner_});
  auto m3 = post(general_, owner_, {bob_});
  post(general_, owner_, {owner_});  // not bob
  EXPECT_EQ(mentions(bob_, general_), 3);
  EXPECT_EQ(mentions(owner_, general_), 0);  // their own messages never count
  auto acked = store().ack(bob_, general_, m1, false);
  EXPECT_EQ(acked.state.mention_count, 2);
  EXPECT_EQ(mentions(bob_, general_), 2);
  edit(general_, owner_, m2, {});  // the mention is edited away
  EXPECT_EQ(mentions(bob_, general_), 1);
  remove(general_, owner_, m3);  // and the other deleted: no ghost
  EXPECT_EQ(mentions(bob_, general_), 0);
  edit(general_, owner_, m2, {bob_});  // an edit may add one back
  EXPECT_EQ(mentions(bob_, general_), 1);
  EXPECT_EQ(mentions(bob_, random_), 0);
}

TEST_P(ReadStatesTest, ANeverAckedChannelListsOnceIAmMentioned) {
  auto other = store().create_server({"T", std::nullopt, owner_, category("d")});
  auto channel = store().create_channel({other, owner_, "new", ""});
  store().add_member(other, bob_);
  auto later = store().create_channel({other, owner_, "later", ""});  // after bob joined
  EXPECT_FALSE(state(bob_, later));
  post(later, owner_, {bob_, carol_});
  auto listed = state(bob_, later);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->last_read_id, 0);
  EXPECT_EQ(listed->mention_count, 1);
  EXPECT_TRUE(state(bob_, channel));
  EXPECT_TRUE(store().read_states(carol_).empty());  // not a member: nothing to show
}

TEST_P(ReadStatesTest, EveryoneCountsForEveryMemberButTheSender) {
  auto m1 = post(general_, owner_, {}, true);
  post(general_, owner_, {bob_}, true);  // both: counted once
  EXPECT_EQ(mentions(bob_, general_), 2);
  EXPECT_EQ(mentions(owner_, general_), 0);
  store().add_member(server_, carol_);  // joined after: already read
  EXPECT_EQ(mentions(carol_, general_), 0);
  auto later = store().create_channel({server_, owner_, "later", ""});
  post(later, owner_, {}, true);  // a channel nobody has a read state in
  EXPECT_EQ(mentions(carol_, later), 1);
  EXPECT_EQ(mentions(bob_, later), 1);
  remove(general_, owner_, m1);
  EXPECT_EQ(mentions(bob_, general_), 1);
  auto m3 = post(general_, owner_);
  edit(general_, owner_, m3, {}, true);  // an edit that adds @everyone counts too
  EXPECT_EQ(mentions(bob_, general_), 2);
  EXPECT_EQ(store().ack(bob_, general_, m3, false).state.mention_count, 0);
}

TEST_P(ReadStatesTest, MentionCountsStopAtOneHundred) {
  for (int i = 0; i < 60; ++i) post(general_, owner_, {bob_});
  for (int i = 0; i < 60; ++i) post(general_, owner_, {}, true);
  EXPECT_EQ(mentions(bob_, general_), 100);
}

TEST_P(ReadStatesTest, AnAckCostsTheSameFewStatementsWhateverTheHistory) {
  auto cost = [&](store::Id message) {
    auto before = store().statements_run();
    store().ack(bob_, general_, message, false);
    return store().statements_run() - before;
  };
  auto first = post(general_, owner_, {bob_}, true);
  post(general_, owner_, {bob_});  // pending after the mark: the count runs
  auto small = cost(first);
  for (int i = 0; i < 300; ++i) post(general_, owner_, {bob_}, i % 2 == 0);
  auto last = post(general_, owner_, {bob_});
  auto large = cost(last - 1);
  // Look-up, upsert, one bounded count (and on SQLite the two PRAGMAs around the upsert).
  EXPECT_LE(small, 5u);
  EXPECT_EQ(large, small);
  EXPECT_EQ(state(bob_, general_)->mention_count, 1);
  auto listing = store().statements_run();
  store().read_states(bob_);
  EXPECT_LE(store().statements_run() - listing, 2u);  // the list, one count (general)
}

PARLEY_STORE_SUITE(ReadStatesTest);

}  // namespace

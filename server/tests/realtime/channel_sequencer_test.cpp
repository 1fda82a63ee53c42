#include "realtime/channel_sequencer.hpp"

#include <gtest/gtest.h>

#include <map>
#include <thread>

namespace realtime {
namespace {

using model::Id;

Delivery event(Id channel, Id seq) {
  Delivery d;
  d.topic = channel_topic(channel);
  d.channel_id = channel;
  d.seq = seq;
  d.parley = text_frame("{\"seq\":" + std::to_string(seq) + "}");
  return d;
}

// A channel log standing in for the database: reads answer at once, from what it holds.
struct Fixture {
  explicit Fixture(std::chrono::milliseconds hold = std::chrono::milliseconds(0))
      : options{
            .hold = hold, .max_gap = 5, .max_held = 100, .retry = std::chrono::milliseconds(0)} {}

  std::map<Id, std::vector<Id>> log;     // channel -> every seq committed
  std::vector<std::pair<Id, Id>> seen;   // (channel, seq) as delivered; seq 0: resync
  std::vector<std::pair<Id, Id>> reads;  // (channel, after)
  bool database_down = false;
  SequencerOptions options;
  ChannelSequencer sequencer{[this](const Delivery& d) { seen.emplace_back(d.channel_id, d.seq); },
                             [this](Id channel, Id after, std::size_t max_gap,
                                    std::function<void(ChannelSequencer::Read)> done) {
                               reads.emplace_back(channel, after);
                               ChannelSequencer::Read read;
                               read.ok = !database_down;
                               auto& seqs = log[channel];
                               read.last_seq = seqs.empty() ? 0 : seqs.back();
                               if (read.last_seq > after + static_cast<Id>(max_gap)) {
                                 read.resync = true;
                               } else {
                                 for (Id seq : seqs)
                                   if (seq > after) read.events.push_back(event(channel, seq));
                               }
                               done(std::move(read));
                             },
                             options};

  void commit(Id channel, Id seq) { log[channel].push_back(seq); }
  std::vector<Id> seqs(Id channel) const {
    std::vector<Id> out;
    for (auto [c, s] : seen)
      if (c == channel) out.push_back(s);
    return out;
  }
};

TEST(ChannelSequencer, DeliversInOrderAndDropsDuplicates) {
  Fixture f;
  f.sequencer.offer(event(1, 1));
  f.sequencer.offer(event(1, 2));
  f.sequencer.offer(event(1, 2));
  f.sequencer.offer(event(1, 1));
  f.sequencer.offer(event(1, 3));
  EXPECT_EQ(f.seqs(1), (std::vector<Id>{1, 2, 3}));
  EXPECT_EQ(f.sequencer.counters().duplicates, 2u);
  EXPECT_TRUE(f.reads.empty());
}

TEST(ChannelSequencer, HoldsALaterEventUntilTheEarlierOneArrives) {
  Fixture f(std::chrono::milliseconds(10000));
  ChannelSequencer& s = f.sequencer;
  s.offer(event(1, 1));
  s.offer(event(1, 3));  // 2 is still on its way
  s.tick();
  EXPECT_EQ(f.seqs(1), (std::vector<Id>{1}));
  s.offer(event(1, 2));
  EXPECT_EQ(f.seqs(1), (std::vector<Id>{1, 2, 3}));
  EXPECT_EQ(s.open_gaps(), 0u);
}

TEST(ChannelSequencer, FillsAGapFromTheDatabaseAfterTheHold) {
  Fixture f;
  for (Id seq = 1; seq <= 4; ++seq) f.commit(1, seq);
  f.sequencer.offer(event(1, 1));
  f.sequencer.offer(event(1, 4));  // 2 and 3 were lost
  f.sequencer.tick();
  EXPECT_EQ(f.seqs(1), (std::vector<Id>{1, 2, 3, 4}));
  ASSERT_EQ(f.reads.size(), 1u);
  EXPECT_EQ(f.reads[0], (std::pair<Id, Id>{1, 1}));
  // The read brought 2..4; 4 was held already.
  EXPECT_EQ(f.sequencer.counters().filled, 2u);
}

TEST(ChannelSequencer, FirstEventOfAChannelWaitsForAnEarlierOneInFlight) {
  Fixture f(std::chrono::milliseconds(30));
  // A peer's seq 5 is still on its way when this node's own seq 6 arrives.
  f.sequencer.offer(event(2, 6));
  f.sequencer.tick();
  EXPECT_TRUE(f.seqs(2).empty());
  f.sequencer.offer(event(2, 5));
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  f.sequencer.tick();
  EXPECT_EQ(f.seqs(2), (std::vector<Id>{5, 6}));
  EXPECT_TRUE(f.reads.empty());
}

TEST(ChannelSequencer, APeerHeartbeatRevealsALostTail) {
  Fixture f;
  for (Id seq = 1; seq <= 3; ++seq) f.commit(1, seq);
  f.sequencer.offer(event(1, 1));
  f.sequencer.peer_reached(1, 3);  // 2 and 3 never arrived, and nothing follows them
  f.sequencer.tick();
  EXPECT_EQ(f.seqs(1), (std::vector<Id>{1, 2, 3}));
}

TEST(ChannelSequencer, RecheckAfterReconnectReadsEveryKnownChannel) {
  Fixture f;
  f.commit(1, 1);
  f.commit(2, 1);
  f.sequencer.offer(event(1, 1));
  f.sequencer.offer(event(2, 1));
  f.commit(1, 2);  // published while the bus was down
  f.sequencer.recheck_all();
  f.sequencer.tick();
  EXPECT_EQ(f.seqs(1), (std::vector<Id>{1, 2}));
  EXPECT_EQ(f.seqs(2), (std::vector<Id>{1}));
  EXPECT_EQ(f.reads.size(), 2u);
  EXPECT_EQ(f.sequencer.open_gaps(), 0u);
}

TEST(ChannelSequencer, TooWideAGapSendsResyncAndGoesOn) {
  Fixture f;
  for (Id seq = 1; seq <= 20; ++seq) f.commit(1, seq);
  f.sequencer.offer(event(1, 1));
  f.sequencer.offer(event(1, 20));
  f.sequencer.tick();
  // resync (seq 0) and then the live event after the database's newest seq
  EXPECT_EQ(f.seqs(1), (std::vector<Id>{1, 0}));
  EXPECT_EQ(f.sequencer.counters().resyncs, 1u);
  f.sequencer.offer(event(1, 21));
  EXPECT_EQ(f.seqs(1), (std::vector<Id>{1, 0, 21}));
}

TEST(ChannelSequencer, RetriesWhileTheDatabaseIsDown) {
  Fixture f;
  for (Id seq = 1; seq <= 3; ++seq) f.commit(1, seq);
  f.sequencer.offer(event(1, 1));
  f.sequencer.offer(event(1, 3));
  f.database_down = true;
  f.sequencer.tick();
  EXPECT_EQ(f.seqs(1), (std::vector<Id>{1}));
  EXPECT_EQ(f.sequencer.counters().failed_reads, 1u);
  f.database_down = false;
  f.sequencer.tick();
  EXPECT_EQ(f.seqs(1), (std::vector<Id>{1, 2, 3}));
}

TEST(ChannelSequencer, HandsALargeReadBackToTheHubABurstPerTick) {
  Fixture f;
  for (Id seq = 1; seq <= 5; ++seq) f.commit(3, seq);
  ChannelSequencer s(
      [&f](const Delivery& d) { f.seen.emplace_back(d.channel_id, d.seq); },
      [&f](Id channel, Id after, std::size_t, std::function<void(ChannelSequencer::Read)> done) {
        ChannelSequencer::Read read;
        read.ok = true;
        for (Id seq : f.log[channel])
          if (seq > after) read.events.push_back(event(channel, seq));
        read.last_seq = f.log[channel].back();
        done(std::move(read));
      },
      SequencerOptions{.hold = std::chrono::milliseconds(0), .burst = 2});
  s.offer(event(3, 1));
  s.peer_reached(3, 5);
  s.tick();  // reads 2..5, hands out 2 and 3
  EXPECT_EQ(f.seqs(3), (std::vector<Id>{1, 2, 3}));
  s.tick();
  EXPECT_EQ(f.seqs(3), (std::vector<Id>{1, 2, 3, 4, 5}));
  s.tick();
  EXPECT_EQ(s.open_gaps(), 0u);
  EXPECT_EQ(s.counters().gaps, 1u);  // one read, not one per tick
}

}  // namespace
}  // namespace realtime

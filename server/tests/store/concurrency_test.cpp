// Store conformance: several writers at once (threads here, several nodes in production).
// Per channel, seq stays gap-free and message ids rise with it, in commit order: a reader that
// pages "after the newest id it saw" while others write never skips a message (the
// shared-sequence trap of research/scaleout.md §1-§2), and batches touching the same
// channels in different orders do not deadlock.
#include <atomic>
#include <thread>

#include "store_fixture.hpp"

namespace {

using store_test::StoreTest;

class StoreConcurrency : public StoreTest {};
PARLEY_STORE_SUITE(StoreConcurrency);

constexpr int kWriters = 4;
constexpr int kBatches = 40;
constexpr int kPerChannel = 5;  // creates per channel per batch

store::ChannelOp create(store::Id channel, store::Id sender, std::string text) {
  store::ChannelOp op;
  op.channel_id = channel;
  op.actor_id = sender;
  op.content = std::move(text);
  return op;
}

TEST_P(StoreConcurrency, ConcurrentWritersKeepIdsAndSeqsInCommitOrder) {
  auto owner = account("owner");
  auto server = store().create_server({"S", std::nullopt, owner, category("c")});
  auto a = store().create_channel({server, owner, "a", ""});
  auto b = store().create_channel({server, owner, "b", ""});

  std::atomic<int> writing{kWriters};
  std::atomic<bool> failed{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kBatches; ++i) {
        // Half the batches name b first: lock order must not depend on op order.
        bool b_first = (w + i) % 2 == 1;
        std::vector<store::ChannelOp> batch;
        for (int k = 0; k < kPerChannel; ++k) {
          auto text = std::to_string(w) + "-" + std::to_string(i) + "-" + std::to_string(k);
          batch.push_back(create(b_first ? b : a, owner, text));
          batch.push_back(create(b_first ? a : b, owner, text));
        }
        try {
          for (const auto& result : store().apply_channel_ops(batch)) {
            if (result.status != store::OpStatus::applied) failed = true;
          }
        } catch (const std::exception& e) {
          ADD_FAILURE() << "writer " << w << ": " << e.what();
          failed = true;
        }
      }
      --writing;
    });
  }
  // Reads channel a the way a resuming client does, while the writers write.
  std::vector<store::Id> seen;
  auto read_newer = [&] {
    for (;;) {
      auto page =
          store().messages_page(this->page(a, std::nullopt, seen.empty() ? 0 : seen.back(), 200));
      if (page.empty()) return;
      for (const auto& message : page) seen.push_back(message.id);
    }
  };
  // The writers are joined whatever the reader meets (a joinable thread would terminate).
  try {
    while (writing.load() > 0) read_newer();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "reader: " << e.what();
    failed = true;
  }
  for (auto& writer : writers) writer.join();
  ASSERT_FALSE(failed);
  read_newer();

  constexpr std::size_t kTotal = kWriters * kBatches * kPerChannel;
  ASSERT_EQ(seen.size(), kTotal) << "the reader skipped messages committed behind its cursor";
  for (auto channel : {a, b}) {
    std::vector<model::Event> events;
    for (store::Id after = 0;;) {
      auto page = store().events_after(channel, after, 500);
      if (page.empty()) break;
      after = page.back().seq;
      events.insert(events.end(), page.begin(), page.end());
    }
    ASSERT_EQ(events.size(), kTotal);
    for (std::size_t i = 0; i < events.size(); ++i) {
      ASSERT_EQ(events[i].seq, static_cast<store::Id>(i + 1)) << "seq gap in channel " << channel;
      if (i > 0) {
        ASSERT_GT(events[i].message_id, events[i - 1].message_id)
            << "message ids out of seq order in channel " << channel;
      }
    }
    auto window = store().event_window(channel);
    EXPECT_EQ(window.last_seq, static_cast<store::Id>(kTotal));
    EXPECT_EQ(store().find_channel(channel)->last_message_id, events.back().message_id);
  }
}

}  // namespace

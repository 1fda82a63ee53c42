// The group-commit writer on a real store: callbacks after the commit, in order, and the
// commit interval (messages that arrive within it share one transaction; a message after a
// quiet interval is not held back), and deletes that answer only once erased from the files.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include "store/event_writer.hpp"
#include "store_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using store_test::StoreTest;

class EventWriterTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    sender_ = account("writer");
    auto server = store().create_server({"S", std::nullopt, sender_, category("c")});
    channel_ = store().create_channel({server, sender_, "general", ""});
  }

  // Collects what the writer reports, from its thread.
  struct Results {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<model::Id> ids;
    std::vector<std::chrono::steady_clock::time_point> times;

    store::EventWriter::Done callback() {
      return [this](store::OpResult result) {
        std::lock_guard lock(mutex);
        ids.push_back(result.status == store::OpStatus::applied ? result.message->id : -1);
        times.push_back(std::chrono::steady_clock::now());
        changed.notify_all();
      };
    }
    bool wait_for(std::size_t count, std::chrono::milliseconds limit = 5000ms) {
      std::unique_lock lock(mutex);
      return changed.wait_for(lock, limit, [&] { return ids.size() >= count; });
    }
  };

  store::ChannelOp message(const std::string& text) {
    store::ChannelOp op;
    op.channel_id = channel_;
    op.actor_id = sender_;
    op.content = text;
    return op;
  }

  // A writer with that commit interval and its first message committed: the interval runs
  // from about now.
  std::unique_ptr<store::EventWriter> writer_after_a_commit(std::chrono::milliseconds interval,
                                                            Results& results) {
    auto writer = std::make_unique<store::EventWriter>(store(), 1024, 65536,
                                                       std::chrono::microseconds(interval));
    EXPECT_TRUE(writer->submit(message("first"), results.callback()));
    EXPECT_TRUE(results.wait_for(1));
    return writer;
  }

  store::Id sender_ = 0;
  store::Id channel_ = 0;
};
PARLEY_STORE_SUITE(EventWriterTest);

TEST_P(EventWriterTest, ReportsStoredMessagesInSubmitOrder) {
  store::EventWriter writer(store());
  Results results;
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(writer.submit(message(std::to_string(i)), results.callback()));
  ASSERT_TRUE(results.wait_for(50));
  for (std::size_t i = 1; i < results.ids.size(); ++i)
    EXPECT_GT(results.ids[i], results.ids[i - 1]);
  store::MessagePage page;
  page.channel_id = channel_;
  page.limit = 100;
  EXPECT_EQ(store().messages_page(page).size(), 50u);
  writer.stop();
  EXPECT_EQ(writer.ops_committed(), 50u);
}

TEST_P(EventWriterTest, ALoneMessageWithinTheIntervalWaitsForTheRestOfIt) {
  Results results;
  auto writer = writer_after_a_commit(300ms, results);
  auto first_done = results.times[0];
  ASSERT_TRUE(writer->submit(message("alone"), results.callback()));
  ASSERT_TRUE(results.wait_for(2));
  EXPECT_GE(results.times[1] - first_done, 200ms);
  EXPECT_EQ(writer->batches_committed(), 2u);
}

TEST_P(EventWriterTest, AHeldMessageGoesWithTheNextOneInOneCommit) {
  Results results;
  auto writer = writer_after_a_commit(2000ms, results);
  auto held_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(writer->submit(message("held"), results.callback()));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(results.ids.size(), 1u);  // still held
  ASSERT_TRUE(writer->submit(message("partner"), results.callback()));
  ASSERT_TRUE(results.wait_for(3, 1500ms));
  EXPECT_LT(results.times[1] - held_at, 1000ms);  // released by its partner, not the interval
  EXPECT_EQ(writer->batches_committed(), 2u);     // both in one commit
  EXPECT_GT(results.ids[2], results.ids[1]);
}

TEST_P(EventWriterTest, AMessageAfterAQuietIntervalIsNotHeldBack) {
  Results results;
  auto writer = writer_after_a_commit(100ms, results);
  std::this_thread::sleep_for(150ms);  // the interval has passed
  auto submitted = std::chrono::steady_clock::now();
  ASSERT_TRUE(writer->submit(message("later"), results.callback()));
  ASSERT_TRUE(results.wait_for(2));
  EXPECT_LT(results.times[1] - submitted, 80ms);  // one commit, not a wait for the interval
}

TEST_P(EventWriterTest, StopCommitsWhatWaitsForTheInterval) {
  Results results;
  {
    auto writer = writer_after_a_commit(5000ms, results);
    ASSERT_TRUE(writer->submit(message("waiting"), results.callback()));
    auto stopping = std::chrono::steady_clock::now();
    writer->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - stopping, 2000ms);
    EXPECT_FALSE(writer->submit(message("too late"), results.callback()));
  }
  ASSERT_EQ(results.ids.size(), 2u);
  EXPECT_GT(results.ids[1], results.ids[0]);
}

// Whether a file of the data folder (the database, its WAL) holds the text.
bool files_hold(const std::filesystem::path& dir, const std::string& text) {
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST_P(EventWriterTest, ADeleteIsAnsweredOnlyOnceErasedFromTheFiles) {
  store::EventWriter writer(store());
  Results results;
  ASSERT_TRUE(writer.submit(message("the code is 90210-55-3"), results.callback()));
  ASSERT_TRUE(results.wait_for(1));
  auto remove = message("");
  remove.kind = store::ChannelOp::Kind::remove;
  remove.message_id = results.ids[0];
  std::promise<bool> held_in_files;  // at the answer: does a file still hold the text?
  auto answered = held_in_files.get_future();
  bool committed = false;
  auto submitted = std::chrono::steady_clock::now();
  ASSERT_TRUE(writer.submit(remove, [&](store::OpResult result) {
    committed = result.status == store::OpStatus::applied;
    writer.after_erasure([&] { held_in_files.set_value(files_hold(dir(), "90210-55-3")); });
  }));
  ASSERT_EQ(answered.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(committed);
  EXPECT_FALSE(answered.get());
  // The writer had nothing else to do: it erased at once rather than waiting for company.
  EXPECT_LT(std::chrono::steady_clock::now() - submitted, 80ms);
}

TEST_P(EventWriterTest, StopAnswersTheDeletesWaitingForErasure) {
  Results results;
  std::atomic<int> answered = 0;
  {
    store::EventWriter writer(store());
    for (const char* text : {"one", "two", "three"})
      ASSERT_TRUE(writer.submit(message(text), results.callback()));
    ASSERT_TRUE(results.wait_for(3));
    for (int i = 0; i < 3; ++i) {
      auto remove = message("");
      remove.kind = store::ChannelOp::Kind::remove;
      remove.message_id = results.ids[static_cast<std::size_t>(i)];
      ASSERT_TRUE(writer.submit(
          remove, [&](store::OpResult) { writer.after_erasure([&] { ++answered; }); }));
    }
    writer.stop();
  }
  EXPECT_EQ(answered.load(), 3);
}

}  // namespace

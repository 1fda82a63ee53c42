// PresenceTracker against a real SQLite store and a real io_context, with short periods: what
// it publishes, when, and to which members topics (SPEC §11).
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

#include "presence/presence_tracker.hpp"
#include "realtime/event.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using namespace std::chrono_literals;
using model::PresenceStatus;
using Clock = std::chrono::steady_clock;

// A Bus that keeps what is published, with the time it was.
class RecordingBus final : public realtime::Bus {
 public:
  struct Published {
    Clock::time_point at;
    realtime::Topic topic;
    std::string frame;
  };
  void publish(const realtime::Delivery& event) override {
    std::lock_guard lock(mutex_);
    auto& wire = *event.parley;
    published_.push_back({Clock::now(), event.topic, wire.substr(2)});  // short frames
  }
  void set_sink(Sink) override {}
  std::vector<Published> published() {
    std::lock_guard lock(mutex_);
    return published_;
  }

 private:
  std::mutex mutex_;
  std::vector<Published> published_;
};

class PresenceTrackerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("parley-presence-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<store::sqlite::SqliteStore>((dir_ / "db.sqlite3").string());
    auto owner = *store_->create_account({"owner", "h", false});
    user_ = *store_->create_account({"user", "h", false});
    auto category = *store_->create_category("c", std::nullopt);
    first_ = store_->create_server({"first", {}, owner, category});
    second_ = store_->create_server({"second", {}, owner, category});
    store_->add_member(first_, user_);
    store_->add_member(second_, user_);
    tracker_ = std::make_unique<presence::PresenceTracker>(home_, bus_, *store_, pool_,
                                                           presence::PresenceOptions{500ms, 300ms});
    thread_ = std::thread([this] { home_.run(); });
  }
  void TearDown() override {
    work_.reset();
    home_.stop();
    thread_.join();
    pool_.join();
    tracker_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Frames published about the user so far, one per server topic.
  std::vector<RecordingBus::Published> frames() { return bus_.published(); }
  // Waits (bounded) until at least n frames are published; returns them all.
  std::vector<RecordingBus::Published> frames_once(std::size_t n) {
    auto deadline = Clock::now() + 5s;
    while (bus_.published().size() < n && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
    return bus_.published();
  }
  static std::string update(PresenceStatus status, model::Id user) {
    return R"({"type":"presence.update","user_id":)" + std::to_string(user) + R"(,"status":")" +
           std::string(model::status_name(status)) + "\"}";
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  model::Id user_ = 0, first_ = 0, second_ = 0;
  boost::asio::io_context home_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(home_);
  boost::asio::thread_pool pool_{1};
  RecordingBus bus_;
  std::unique_ptr<presence::PresenceTracker> tracker_;
  std::thread thread_;
};

TEST_F(PresenceTrackerTest, OnlineGoesToEachServerOfTheUserAndAReconnectInTheGraceIsNoChange) {
  tracker_->socket_opened(user_);
  auto got = frames_once(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].topic, realtime::members_topic(first_));
  EXPECT_EQ(got[1].topic, realtime::members_topic(second_));
  EXPECT_EQ(got[0].frame, update(PresenceStatus::online, user_));
  tracker_->socket_closed(user_);
  tracker_->socket_opened(user_);  // the same thread: taken in this order
  std::this_thread::sleep_for(900ms);
  EXPECT_EQ(frames().size(), 2u) << "a reconnect within the grace period flapped";
  auto closed = Clock::now();
  tracker_->socket_closed(user_);
  got = frames_once(4);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[2].frame, update(PresenceStatus::offline, user_));
  EXPECT_GE(got[2].at - closed, 490ms);
}

TEST_F(PresenceTrackerTest, ChangesInAWindowAreHeldAndTheLatestStateGoesAtItsEnd) {
  tracker_->socket_opened(user_);
  auto online_at = frames_once(2).at(0).at;
  tracker_->choose(user_, PresenceStatus::idle);
  tracker_->choose(user_, PresenceStatus::dnd);
  auto got = frames_once(4);
  std::this_thread::sleep_for(400ms);
  ASSERT_EQ(frames().size(), 4u) << "one update per window, not one per change";
  EXPECT_EQ(got[2].frame, update(PresenceStatus::dnd, user_));
  EXPECT_GE(got[2].at - online_at, 290ms) << "a change inside the window went out at once";
  EXPECT_EQ(store_->chosen_status(user_), PresenceStatus::dnd);
  tracker_->socket_closed(user_);
}

TEST_F(PresenceTrackerTest, InvisibleIsOfflineAtOnceAndStoredForTheNextSocket) {
  tracker_->socket_opened(user_);
  auto online_at = frames_once(2).at(0).at;
  tracker_->choose(user_, PresenceStatus::invisible);
  auto got = frames_once(4);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[2].frame, update(PresenceStatus::offline, user_));
  EXPECT_LT(got[2].at - online_at, 290ms) << "going invisible waited for the window";
  auto seen = [this] {
    std::promise<std::vector<PresenceStatus>> result;
    std::vector<model::Id> ids{user_, user_ + 100};
    auto* tracker = tracker_.get();
    boost::asio::co_spawn(
        home_,
        [&result, &ids, tracker]() -> boost::asio::awaitable<void> {
          auto statuses = co_await tracker->seen(ids);
          result.set_value(std::move(statuses));
        },
        boost::asio::detached);
    return result.get_future().get();
  };
  EXPECT_EQ(seen(), (std::vector{PresenceStatus::offline, PresenceStatus::offline}));
  tracker_->socket_closed(user_);
  std::this_thread::sleep_for(1200ms);  // grace and window over: forgotten
  tracker_->socket_opened(user_);
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(frames().size(), 4u) << "an invisible user was shown online on reconnecting";
  EXPECT_EQ(store_->chosen_status(user_), PresenceStatus::invisible);
  tracker_->socket_closed(user_);
}

}  // namespace

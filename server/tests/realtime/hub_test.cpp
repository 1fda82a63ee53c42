#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <thread>

#include "realtime/frames.hpp"
#include "realtime/hub.hpp"
#include "realtime/local_bus.hpp"

namespace {

namespace asio = boost::asio;

struct FakeSubscriber : realtime::Subscriber {
  explicit FakeSubscriber(std::int64_t session) : session(session) {}
  void deliver(const realtime::ChannelEvent& event) override {
    owner_thread_ok &= std::this_thread::get_id() == owner;
    ids.push_back(event.message_id);
    wires.push_back(event.original);
  }
  bool stage(realtime::SendBatch&) override {
    ++flushes;
    return false;
  }
  void sent(long) override {}
  void close(std::uint16_t code) override { closed_with = code; }
  bool sweep() override {
    ++sweeps;
    return false;
  }
  std::int64_t session_id() const override { return session; }

  std::int64_t session;
  std::thread::id owner;
  bool owner_thread_ok = true;
  std::vector<chat::Id> ids;
  std::vector<realtime::Wire> wires;
  int flushes = 0;
  int sweeps = 0;
  std::uint16_t closed_with = 0;
};

class HubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto& context : contexts_) {
      guards_.emplace_back(context.get_executor());
      threads_.emplace_back([&context] { context.run(); });
    }
    hub_ = std::make_unique<realtime::Hub>(
        std::vector<asio::io_context*>{&contexts_[0], &contexts_[1]});
    hub_->attach(bus_);
  }
  void TearDown() override {
    for (std::size_t i = 0; i < 2; ++i) on_shard(i, [&] { hub_->stop_sweeps(); });
    guards_.clear();
    for (auto& thread : threads_) thread.join();
  }
  // Runs f on shard i and waits for it.
  template <class F>
  void on_shard(std::size_t i, F f) {
    std::promise<void> done;
    asio::post(contexts_[i], [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }
  void settle() {
    for (std::size_t i = 0; i < 2; ++i) on_shard(i, [] {});
  }
  FakeSubscriber& add(std::size_t shard, chat::Id channel, std::int64_t session = 1) {
    subscribers_.push_back(std::make_unique<FakeSubscriber>(session));
    auto* subscriber = subscribers_.back().get();
    on_shard(shard, [&] {
      subscriber->owner = std::this_thread::get_id();
      hub_->subscribe(shard, channel, subscriber);
    });
    return *subscriber;
  }
  chat::Message message(chat::Id id, chat::Id channel) { return {id, channel, 1, "alice", "m", 0}; }

  asio::io_context contexts_[2];
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  realtime::LocalBus bus_;
  std::unique_ptr<realtime::Hub> hub_;
  std::vector<std::unique_ptr<FakeSubscriber>> subscribers_;
};

TEST_F(HubTest, EverySubscriberOfTheChannelGetsEveryEventOnceInOrderOnItsShard) {
  auto& a = add(0, 10);
  auto& b = add(1, 10);
  auto& c = add(1, 10);
  auto& other = add(0, 11);
  std::vector<realtime::Wire> published;
  for (chat::Id id = 1; id <= 5000; ++id) {
    auto event = realtime::message_event(message(id, 10));
    published.push_back(event.original);
    bus_.publish(event);
  }
  settle();
  for (auto* s : {&a, &b, &c}) {
    ASSERT_EQ(s->ids.size(), 5000u);
    for (std::size_t i = 0; i < s->ids.size(); ++i)
      ASSERT_EQ(s->ids[i], static_cast<chat::Id>(i + 1));
    EXPECT_TRUE(s->owner_thread_ok);
    // The very buffer that was published: no per-recipient copy.
    EXPECT_EQ(s->wires[17].get(), published[17].get());
    // Flushed once per batch, not once per event.
    EXPECT_GE(s->flushes, 1);
    EXPECT_LE(s->flushes, 5000);
  }
  EXPECT_TRUE(other.ids.empty());
  EXPECT_EQ(hub_->live(), 4u);
}

TEST_F(HubTest, TypingSkipsTheTypistAndRemovedSubscribersGetNothing) {
  auto& typist = add(0, 10);
  auto& reader = add(0, 10);
  auto& gone = add(1, 10);
  on_shard(1, [&] { hub_->remove(1, &gone); });
  bus_.publish(realtime::typing_event(10, "alice", &typist));
  settle();
  EXPECT_TRUE(typist.ids.empty());
  EXPECT_EQ(reader.ids.size(), 1u);
  EXPECT_TRUE(gone.ids.empty());
  EXPECT_EQ(hub_->live(), 2u);
}

TEST_F(HubTest, CloseSessionClosesOnlyThatSessionsSocketsOnEveryShard) {
  auto& mine_a = add(0, 10, 77);
  auto& mine_b = add(1, 12, 77);
  auto& theirs = add(1, 10, 78);
  hub_->close_session(77, 4001);
  settle();
  EXPECT_EQ(mine_a.closed_with, 4001);
  EXPECT_EQ(mine_b.closed_with, 4001);
  EXPECT_EQ(theirs.closed_with, 0);
  hub_->close_all(1001);
  settle();
  EXPECT_EQ(theirs.closed_with, 1001);
}

TEST_F(HubTest, SweepsReachEverySubscriber) {
  auto& a = add(0, 10);
  auto& b = add(1, 10);
  hub_->start_sweeps(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  settle();
  on_shard(0, [&] { EXPECT_GE(a.sweeps, 2); });
  on_shard(1, [&] { EXPECT_GE(b.sweeps, 2); });
}

}  // namespace

namespace {

// A shard with no subscriber of the channel is not woken at all. The shards here are run by
// the test itself (poll), so the handlers queued on each can be counted.
// Runs what is queued on a context the test drives itself; the count of handlers run.
std::size_t handlers_run(asio::io_context& context) {
  context.restart();  // poll() leaves a context that ran out of work stopped
  return context.poll();
}

TEST(HubShards, OnlyShardsWithSubscribersOfTheChannelAreWoken) {
  asio::io_context busy, quiet;
  realtime::LocalBus bus;
  realtime::Hub hub({&busy, &quiet});
  hub.attach(bus);
  FakeSubscriber here(1), later(2), elsewhere(3);
  hub.subscribe(0, 10, &here);
  hub.subscribe(1, 11, &elsewhere);  // the quiet shard only has another channel

  bus.publish(realtime::message_event({1, 10, 1, "alice", "m", 0}));
  EXPECT_EQ(handlers_run(quiet), 0u);
  EXPECT_EQ(handlers_run(busy), 1u);
  EXPECT_EQ(here.ids, std::vector<chat::Id>{1});

  hub.subscribe(1, 10, &later);
  bus.publish(realtime::message_event({2, 10, 1, "alice", "m", 0}));
  EXPECT_EQ(handlers_run(quiet), 1u);
  handlers_run(busy);
  EXPECT_EQ(later.ids, std::vector<chat::Id>{2});
  EXPECT_TRUE(elsewhere.ids.empty());

  hub.remove(1, &later);  // the last subscriber of channel 10 there: quiet again
  bus.publish(realtime::message_event({3, 10, 1, "alice", "m", 0}));
  EXPECT_EQ(handlers_run(quiet), 0u);
  handlers_run(busy);
  EXPECT_EQ(here.ids, (std::vector<chat::Id>{1, 2, 3}));
}

}  // namespace

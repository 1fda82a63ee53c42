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

// The delivery of message `id`'s creation (its seq is its id).
realtime::Delivery message_delivery(model::Id id, model::Id channel) {
  model::Message message;
  message.id = id;
  message.channel_id = channel;
  message.sender_id = 1;
  message.sender = "alice";
  message.content = "m";
  model::Event event{channel, id, model::EventKind::message_create, id, "{}"};
  return realtime::event_delivery(event, &message, {});
}

struct FakeSubscriber : realtime::Subscriber {
  explicit FakeSubscriber(std::int64_t session) : session(session) {}
  void deliver(const realtime::Delivery& event) override {
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
  model::Id user_id() const override { return session; }

  std::int64_t session;
  std::thread::id owner;
  bool owner_thread_ok = true;
  std::vector<model::Id> ids;
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
  FakeSubscriber& add(std::size_t shard, model::Id channel, std::int64_t session = 1) {
    subscribers_.push_back(std::make_unique<FakeSubscriber>(session));
    auto* subscriber = subscribers_.back().get();
    on_shard(shard, [&] {
      subscriber->owner = std::this_thread::get_id();
      hub_->subscribe(shard, channel, subscriber);
    });
    return *subscriber;
  }
  realtime::Delivery message(model::Id id, model::Id channel) {
    return message_delivery(id, channel);
  }

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
  for (model::Id id = 1; id <= 5000; ++id) {
    auto event = message(id, 10);
    published.push_back(event.original);
    bus_.publish(event);
  }
  settle();
  for (auto* s : {&a, &b, &c}) {
    ASSERT_EQ(s->ids.size(), 5000u);
    for (std::size_t i = 0; i < s->ids.size(); ++i)
      ASSERT_EQ(s->ids[i], static_cast<model::Id>(i + 1));
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
  auto& typist = add(0, 10, 5);
  auto& typists_other_tab = add(1, 10, 5);
  auto& reader = add(0, 10, 6);
  auto& gone = add(1, 10, 7);
  on_shard(1, [&] { hub_->remove(1, &gone); });
  bus_.publish(realtime::typing_delivery(10, 5, "alice"));
  settle();
  EXPECT_TRUE(typist.ids.empty());
  EXPECT_TRUE(typists_other_tab.ids.empty());
  EXPECT_EQ(reader.ids.size(), 1u);
  EXPECT_TRUE(gone.ids.empty());
  EXPECT_EQ(hub_->live(), 3u);
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

TEST_F(HubTest, TopicsOfOneSubscriberAndChangesDuringDeliveryTakeEffectAfterTheBatch) {
  // A gateway-like subscriber follows two channels and its user's topic.
  auto& gateway = add(0, 10);
  on_shard(0, [&] {
    hub_->subscribe(0, 11, &gateway);
    hub_->subscribe(0, realtime::user_topic(1), &gateway);
    hub_->subscribe(0, 11, &gateway);  // twice: still one subscription
  });
  bus_.publish(message(1, 10));
  bus_.publish(message(2, 11));
  settle();
  EXPECT_EQ(gateway.ids, (std::vector<model::Id>{1, 2}));
  // Leaving channel 10 while the shard delivers (as a gateway does on member.leave): later
  // batches no longer reach it, and removing the subscriber forgets all its topics.
  on_shard(0, [&] { hub_->unsubscribe(0, 10, &gateway); });
  bus_.publish(message(3, 10));
  bus_.publish(message(4, 11));
  settle();
  EXPECT_EQ(gateway.ids, (std::vector<model::Id>{1, 2, 4}));
  on_shard(0, [&] { hub_->remove(0, &gateway); });
  bus_.publish(message(5, 11));
  settle();
  EXPECT_EQ(gateway.ids, (std::vector<model::Id>{1, 2, 4}));
  EXPECT_EQ(hub_->live(), 0u);
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

  bus.publish(message_delivery(1, 10));
  EXPECT_EQ(handlers_run(quiet), 0u);
  EXPECT_EQ(handlers_run(busy), 1u);
  EXPECT_EQ(here.ids, std::vector<model::Id>{1});

  hub.subscribe(1, 10, &later);
  bus.publish(message_delivery(2, 10));
  EXPECT_EQ(handlers_run(quiet), 1u);
  handlers_run(busy);
  EXPECT_EQ(later.ids, std::vector<model::Id>{2});
  EXPECT_TRUE(elsewhere.ids.empty());

  hub.remove(1, &later);  // the last subscriber of channel 10 there: quiet again
  bus.publish(message_delivery(3, 10));
  EXPECT_EQ(handlers_run(quiet), 0u);
  handlers_run(busy);
  EXPECT_EQ(here.ids, (std::vector<model::Id>{1, 2, 3}));
}

}  // namespace

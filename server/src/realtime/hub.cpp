#include "realtime/hub.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

#include "metrics/metrics.hpp"

namespace realtime {
namespace asio = boost::asio;

Hub::Hub(std::vector<asio::io_context*> shards) {
  for (auto* context : shards) {
    auto shard = std::make_unique<Shard>();
    shard->context = context;
    shards_.push_back(std::move(shard));
  }
}

Hub::~Hub() = default;

void Hub::attach(Bus& bus) {
  bus.set_sink([this](const Delivery& event) { dispatch(event); });
}

std::size_t Hub::shard_index(const asio::execution_context& context) const {
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (static_cast<const asio::execution_context*>(shards_[i]->context) == &context) return i;
  }
  return 0;
}

void Hub::add(std::size_t shard, Subscriber* subscriber) {
  if (shards_[shard]->members.try_emplace(subscriber).second) ++live_;
}

void Hub::subscribe(std::size_t shard, Topic topic, Subscriber* subscriber) {
  auto& s = *shards_[shard];
  if (s.delivering) {
    s.deferred.emplace_back(true, topic, subscriber);
    return;
  }
  link(s, topic, subscriber);
}

void Hub::unsubscribe(std::size_t shard, Topic topic, Subscriber* subscriber) {
  auto& s = *shards_[shard];
  if (s.delivering) {
    s.deferred.emplace_back(false, topic, subscriber);
    return;
  }
  unlink(s, topic, subscriber);
}

void Hub::link(Shard& s, Topic topic, Subscriber* subscriber) {
  auto [it, inserted] = s.members.try_emplace(subscriber);
  if (inserted) ++live_;
  auto& mine = it->second;
  if (std::find(mine.begin(), mine.end(), topic) != mine.end()) return;
  mine.push_back(topic);
  s.topics[topic].push_back(subscriber);
  std::lock_guard lock(s.inbox_mutex);
  ++s.subscribed[topic];
}

void Hub::unlink(Shard& s, Topic topic, Subscriber* subscriber) {
  auto member = s.members.find(subscriber);
  if (member == s.members.end()) return;
  auto& mine = member->second;
  auto own = std::find(mine.begin(), mine.end(), topic);
  if (own == mine.end()) return;
  *own = mine.back();
  mine.pop_back();
  auto it = s.topics.find(topic);
  if (it != s.topics.end()) {
    auto& list = it->second;
    auto pos = std::find(list.begin(), list.end(), subscriber);
    if (pos != list.end()) {
      *pos = list.back();  // order among subscribers does not matter
      list.pop_back();
    }
    if (list.empty()) s.topics.erase(it);
  }
  std::lock_guard lock(s.inbox_mutex);
  auto count = s.subscribed.find(topic);
  if (count != s.subscribed.end() && --count->second == 0) s.subscribed.erase(count);
}

void Hub::remove(std::size_t shard, Subscriber* subscriber) {
  auto& s = *shards_[shard];
  auto it = s.members.find(subscriber);
  if (it == s.members.end()) return;
  auto topics = it->second;  // a copy: unlink edits the original
  for (Topic topic : topics) unlink(s, topic, subscriber);
  s.members.erase(subscriber);
  // A change deferred during this batch must not bring it back.
  for (auto& change : s.deferred) {
    if (std::get<2>(change) == subscriber) std::get<2>(change) = nullptr;
  }
  --live_;
}

void Hub::dispatch(const Delivery& event) {
  for (auto& shard : shards_) {
    bool post = false;
    {
      std::lock_guard lock(shard->inbox_mutex);
      if (!shard->subscribed.count(event.topic)) continue;
      shard->inbox.push_back(event);
      if (!shard->drain_posted) post = shard->drain_posted = true;
    }
    if (post) asio::post(*shard->context, [this, s = shard.get()] { drain(*s); });
  }
}

void Hub::drain(Shard& shard) {
  {
    std::lock_guard lock(shard.inbox_mutex);
    shard.draining.swap(shard.inbox);
    shard.drain_posted = false;
  }
  shard.delivering = true;
  for (const auto& event : shard.draining) {
    auto it = shard.topics.find(event.topic);
    if (it == shard.topics.end()) continue;
    for (Subscriber* subscriber : it->second) {
      if (event.except_user != 0 && subscriber->user_id() == event.except_user) continue;
      subscriber->deliver(event);
      metrics::delivery();
      if (!subscriber->flush_pending) {
        subscriber->flush_pending = true;
        shard.touched.push_back(subscriber);
      }
    }
  }
  shard.delivering = false;
  for (auto& [add, topic, subscriber] : shard.deferred) {
    if (!subscriber) continue;
    if (add) {
      link(shard, topic, subscriber);
    } else {
      unlink(shard, topic, subscriber);
    }
  }
  shard.deferred.clear();
  shard.draining.clear();
  if (shard.draining.capacity() > 4096) shard.draining.shrink_to_fit();
  for (Subscriber* subscriber : shard.touched) subscriber->flush_pending = false;
  write(shard, shard.touched);
  shard.touched.clear();
}

void Hub::write(Shard& shard, const std::vector<Subscriber*>& subscribers) {
  for (Subscriber* subscriber : subscribers) {
    if (subscriber->stage(shard.sends)) shard.staged.push_back(subscriber);
  }
  shard.sends.submit();
  for (std::size_t i = 0; i < shard.staged.size(); ++i) {
    shard.staged[i]->sent(shard.sends.result(i));
  }
  shard.staged.clear();
  shard.sends.clear();
}

template <class F>
void Hub::for_each_on_every_shard(F f) {
  for (auto& shard : shards_) {
    asio::post(*shard->context, [s = shard.get(), f] {
      // A copy: closing may remove members while we walk them.
      std::vector<Subscriber*> members;
      members.reserve(s->members.size());
      for (auto& [subscriber, topics] : s->members) members.push_back(subscriber);
      for (Subscriber* subscriber : members) {
        if (s->members.count(subscriber)) f(*subscriber);
      }
    });
  }
}

void Hub::close_session(std::int64_t session_id, std::uint16_t code) {
  for_each_on_every_shard([session_id, code](Subscriber& subscriber) {
    if (subscriber.session_id() == session_id) subscriber.close(code);
  });
}

void Hub::close_all(std::uint16_t code) {
  for_each_on_every_shard([code](Subscriber& subscriber) { subscriber.close(code); });
}

void Hub::start_sweeps(std::chrono::milliseconds interval) {
  sweep_interval_ = interval;
  sweeping_ = true;
  for (auto& shard : shards_) {
    asio::post(*shard->context, [this, s = shard.get()] {
      s->sweep_timer = std::make_unique<asio::steady_timer>(*s->context);
      schedule_sweep(*s);
    });
  }
}

void Hub::stop_sweeps() {
  sweeping_ = false;
  for (auto& shard : shards_) {
    asio::post(*shard->context, [s = shard.get()] {
      s->sweep_timer.reset();  // cancels the wait, on the timer's own thread
    });
  }
}

void Hub::schedule_sweep(Shard& shard) {
  if (!sweeping_) return;
  shard.sweep_timer->expires_after(sweep_interval_);
  shard.sweep_timer->async_wait([this, s = &shard](const boost::system::error_code& ec) {
    if (ec || !sweeping_) return;
    std::vector<Subscriber*> members;
    members.reserve(s->members.size());
    for (auto& [subscriber, topics] : s->members) members.push_back(subscriber);
    std::vector<Subscriber*> pinging;
    for (Subscriber* subscriber : members) {
      if (s->members.count(subscriber) && subscriber->sweep()) pinging.push_back(subscriber);
    }
    write(*s, pinging);  // every ping of the sweep in one submission
    schedule_sweep(*s);
  });
}

}  // namespace realtime

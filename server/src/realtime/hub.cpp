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
  bus.set_sink([this](const ChannelEvent& event) { dispatch(event); });
}

std::size_t Hub::shard_index(const asio::execution_context& context) const {
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (static_cast<const asio::execution_context*>(shards_[i]->context) == &context) return i;
  }
  return 0;
}

void Hub::add(std::size_t shard, Subscriber* subscriber) {
  if (shards_[shard]->members.emplace(subscriber, 0).second) ++live_;
}

void Hub::subscribe(std::size_t shard, chat::Id channel_id, Subscriber* subscriber) {
  auto& s = *shards_[shard];
  auto [it, inserted] = s.members.emplace(subscriber, channel_id);
  if (inserted) {
    ++live_;
  } else if (it->second != 0) {
    return;  // one channel per subscriber
  }
  it->second = channel_id;
  s.channels[channel_id].push_back(subscriber);
  std::lock_guard lock(s.inbox_mutex);
  ++s.subscribed[channel_id];
}

void Hub::remove(std::size_t shard, Subscriber* subscriber) {
  auto& s = *shards_[shard];
  auto it = s.members.find(subscriber);
  if (it == s.members.end()) return;
  if (it->second != 0) {
    auto channel = s.channels.find(it->second);
    if (channel != s.channels.end()) {
      auto& list = channel->second;
      auto pos = std::find(list.begin(), list.end(), subscriber);
      if (pos != list.end()) {
        *pos = list.back();  // order among subscribers does not matter
        list.pop_back();
      }
      if (list.empty()) s.channels.erase(channel);
    }
    std::lock_guard lock(s.inbox_mutex);
    auto count = s.subscribed.find(it->second);
    if (count != s.subscribed.end() && --count->second == 0) s.subscribed.erase(count);
  }
  s.members.erase(it);
  --live_;
}

void Hub::dispatch(const ChannelEvent& event) {
  for (auto& shard : shards_) {
    bool post = false;
    {
      std::lock_guard lock(shard->inbox_mutex);
      if (!shard->subscribed.count(event.channel_id)) continue;
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
  for (const auto& event : shard.draining) {
    auto it = shard.channels.find(event.channel_id);
    if (it == shard.channels.end()) continue;
    for (Subscriber* subscriber : it->second) {
      if (subscriber == event.except) continue;
      subscriber->deliver(event);
      metrics::delivery();
      if (!subscriber->flush_pending) {
        subscriber->flush_pending = true;
        shard.touched.push_back(subscriber);
      }
    }
  }
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
      for (auto& [subscriber, channel] : s->members) members.push_back(subscriber);
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
    for (auto& [subscriber, channel] : s->members) members.push_back(subscriber);
    std::vector<Subscriber*> pinging;
    for (Subscriber* subscriber : members) {
      if (s->members.count(subscriber) && subscriber->sweep()) pinging.push_back(subscriber);
    }
    write(*s, pinging);  // every ping of the sweep in one submission
    schedule_sweep(*s);
  });
}

}  // namespace realtime

#include "realtime/redis_bus.hpp"

#include <hiredis/hiredis.h>

#include <boost/asio/post.hpp>
#include <random>

#include "realtime/bus_codec.hpp"
#include "realtime/cluster_notices.hpp"
#include "util/log.hpp"

namespace realtime {
namespace asio = boost::asio;

namespace {

// Heartbeats name the channels this node committed to in this window, at most this many.
constexpr auto kPositionWindow = std::chrono::seconds(30);
constexpr std::size_t kMaxPositions = 4096;

std::uint64_t random_node_id() {
  std::random_device device;
  std::uint64_t id = (std::uint64_t{device()} << 32) | device();
  return id == 0 ? 1 : id;
}

}  // namespace

RedisBus::RedisBus(RedisBusOptions options, ChannelSequencer::ReadAfter read_after)
    : options_(std::move(options)),
      node_(random_node_id()),
      sequencer_(
          [this](const Delivery& event) {
            if (sink_) sink_(event);
          },
          std::move(read_after), options_.sequencer),
      work_(asio::make_work_guard(io_)),
      pub_(
          io_, options_.address, "publish", [](redisAsyncContext*) {},
          [this] { unanswered_.clear(); }),
      sub_(
          io_, options_.address, "subscribe",
          [this](redisAsyncContext* context) { subscribe(context); },
          [this] {
            subscribed_ = false;
            unheard_since_.reset();
            refresh_ready();
          }),
      heartbeat_timer_(io_),
      tick_timer_(io_) {
  ClusterNotices::set_relay([this](Notice notice, std::int64_t argument) {
    auto bytes = encode_notice(node_, {static_cast<std::uint8_t>(notice), argument});
    asio::post(io_, [this, bytes = std::move(bytes)]() mutable { send(std::move(bytes)); });
  });
}

RedisBus::~RedisBus() {
  stop();
  ClusterNotices::set_relay(nullptr);
}

void RedisBus::set_sink(Sink sink) {
  sink_ = std::move(sink);
}

void RedisBus::start() {
  if (running_.exchange(true)) return;
  asio::post(io_, [this] {
    pub_.start();
    sub_.start();
    heartbeat();
    tick();
  });
  thread_ = std::thread([this] { io_.run(); });
  util::LogEvent("bus.starting").add("redis", options_.address.label()).info();
}

void RedisBus::stop() {
  if (!running_.exchange(false)) return;
  asio::post(io_, [this] {
    heartbeat_timer_.cancel();
    tick_timer_.cancel();
    pub_.stop();
    sub_.stop();
    work_.reset();
  });
  if (thread_.joinable()) thread_.join();
  ready_ = false;
}

void RedisBus::publish(const Delivery& event) {
  if (event.seq != 0) {
    {
      std::lock_guard lock(positions_mutex_);
      auto& position = positions_[event.channel_id];
      position = {std::max(position.first, event.seq), Clock::now()};
    }
    sequencer_.offer(event);
  } else if (sink_) {
    sink_(event);
  }
  auto bytes = encode_delivery(node_, event);
  asio::post(io_, [this, bytes = std::move(bytes)]() mutable { send(std::move(bytes)); });
}

void RedisBus::send(std::string bytes) {
  auto* context = pub_.context();
  if (context == nullptr || unanswered_.size() >= options_.max_unanswered) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  const std::string& channel = options_.address.name;
  const char* argv[] = {"PUBLISH", channel.data(), bytes.data()};
  const std::size_t lengths[] = {7, channel.size(), bytes.size()};
  if (redisAsyncCommandArgv(context, &RedisBus::on_published, this, 3, argv, lengths) != REDIS_OK) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  unanswered_.push_back(Clock::now());
  published_.fetch_add(1, std::memory_order_relaxed);
}

void RedisBus::on_published(redisAsyncContext* context, void*, void* data) {
  auto* self = static_cast<RedisBus*>(data);
  if (!self->pub_.is_current(context) || self->unanswered_.empty()) return;
  self->unanswered_.pop_front();
}

void RedisBus::subscribe(redisAsyncContext* context) {
  const std::string& channel = options_.address.name;
  redisAsyncCommand(context, &RedisBus::on_message, this, "SUBSCRIBE %b", channel.data(),
                    channel.size());
}

void RedisBus::on_message(redisAsyncContext* context, void* raw, void* data) {
  auto* self = static_cast<RedisBus*>(data);
  auto* reply = static_cast<redisReply*>(raw);
  if (reply == nullptr || !self->sub_.is_current(context)) return;
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 3) return;
  std::string_view kind(reply->element[0]->str, reply->element[0]->len);
  if (kind == "subscribe") {
    // Only now can nothing published slip by: catch up whatever was missed meanwhile.
    self->subscribed_ = true;
    self->unheard_since_.reset();
    self->resubscribes_.fetch_add(1, std::memory_order_relaxed);
    self->sequencer_.recheck_all();
    self->refresh_ready();
    ClusterNotices::run_here(Notice::resubscribed, 0);
    return;
  }
  if (kind == "message" && reply->element[2]->type == REDIS_REPLY_STRING)
    self->receive(std::string_view(reply->element[2]->str, reply->element[2]->len));
}

void RedisBus::receive(std::string_view bytes) {
  received_.fetch_add(1, std::memory_order_relaxed);
  auto message = decode_bus_message(bytes);
  if (!message) {
    malformed_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (message->node == node_) {
    if (message->kind == BusKind::heartbeat) {
      unheard_since_.reset();
      refresh_ready();
    }
    return;  // delivered here when published
  }
  // Anything a peer publishes says it is alive (not only its heartbeats: a node that dies
  // before its first one reached us has still told us of its users).
  peers_[message->node] = Clock::now();
  switch (message->kind) {
    case BusKind::delivery:
      if (message->delivery.seq != 0) {
        sequencer_.offer(message->delivery);
      } else if (sink_) {
        sink_(message->delivery);
      }
      break;
    case BusKind::notice: {
      auto kind = static_cast<Notice>(message->notice.kind);
      if (kind == Notice::peer_lost || kind == Notice::resubscribed) break;  // never sent
      ClusterNotices::run_here(kind, message->notice.argument, message->node);
      break;
    }
    case BusKind::heartbeat:
      for (auto [channel, seq] : message->heartbeat.positions)
        sequencer_.peer_reached(channel, seq);
      break;
  }
}

void RedisBus::heartbeat() {
  BusHeartbeat beat;
  beat.counter = ++heartbeats_;
  {
    auto now = Clock::now();
    std::lock_guard lock(positions_mutex_);
    for (auto it = positions_.begin(); it != positions_.end();) {
      if (now - it->second.second > kPositionWindow) {
        it = positions_.erase(it);
        continue;
      }
      if (beat.positions.size() < kMaxPositions)
        beat.positions.emplace_back(it->first, it->second.first);
      ++it;
    }
  }
  for (auto it = peers_.begin(); it != peers_.end();) {
    if (Clock::now() - it->second <= options_.peer_timeout) {
      ++it;
      continue;
    }
    auto node = it->first;
    it = peers_.erase(it);
    util::LogEvent("bus.peer_lost").add("node", static_cast<std::int64_t>(node)).warn();
    ClusterNotices::run_here(Notice::peer_lost, static_cast<std::int64_t>(node));
  }
  bool can_hear = subscribed_ && pub_.context() != nullptr;
  send(encode_heartbeat(node_, beat));
  if (can_hear && !unheard_since_) unheard_since_ = Clock::now();
  if (unheard_since_ && Clock::now() - *unheard_since_ > options_.silent_after) {
    // Connected, subscribed, and deaf: Redis lost this subscriber without saying so.
    sub_.drop("own heartbeat unheard");
  }
  refresh_ready();
  heartbeat_timer_.expires_after(options_.heartbeat);
  heartbeat_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) heartbeat();
  });
}

void RedisBus::tick() {
  if (!unanswered_.empty() && Clock::now() - unanswered_.front() > options_.publish_stall) {
    pub_.drop("publish unanswered");
    refresh_ready();
  }
  sequencer_.tick();
  tick_timer_.expires_after(options_.tick);
  tick_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

void RedisBus::refresh_ready() {
  bool heard = !unheard_since_ || Clock::now() - *unheard_since_ <= options_.silent_after;
  ready_ = pub_.context() != nullptr && subscribed_ && heard;
}

RedisBusCounters RedisBus::counters() const {
  RedisBusCounters c;
  c.published = published_.load();
  c.dropped = dropped_.load();
  c.received = received_.load();
  c.malformed = malformed_.load();
  c.resubscribes = resubscribes_.load();
  c.sequencer = sequencer_.counters();
  return c;
}

}  // namespace realtime

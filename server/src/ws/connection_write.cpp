// Writing: the bounded queue, the Hub's batched fan-out writes, closing and heartbeats.
#include <cerrno>
#include <string_view>

#include <linux/sockios.h>
#include <sys/ioctl.h>

#include <boost/asio/write.hpp>

#include "metrics/metrics.hpp"
#include "realtime/wire.hpp"
#include "util/log.hpp"
#include "ws/connection.hpp"

namespace ws {
namespace asio = boost::asio;
using realtime::Wire;

namespace {

const Wire& ping_frame() {
  static const Wire ping =
      std::make_shared<const std::string>(realtime::encode_frame(realtime::Opcode::ping, {}));
  return ping;
}

}  // namespace

void Connection::enqueue(Wire wire) {
  if (state_ != State::open) return;
  const auto& limits = services_->limits;
  if (queue_.size() >= limits.queue_messages || queued_bytes_ + wire->size() > limits.queue_bytes) {
    return overflow();
  }
  queued_bytes_ += wire->size();
  queue_.push_back(std::move(wire));
}

void Connection::enqueue_control(Wire wire) {
  if (torn_down_) return;
  queue_.push_back(std::move(wire));
}

void Connection::overflow() {
  util::LogEvent("ws.slow_consumer")
      .add("user_id", info_.user_id)
      .add("channel_id", info_.channel_id)
      .add("queued", queue_.size())
      .warn();
  metrics::ws_closed_slow();
  queue_.clear();
  queued_bytes_ = 0;
  // No write from here: the Hub may be walking this topic's subscribers. Every caller
  // flushes afterwards (the Hub once per batch).
  start_close(1008);
}

void Connection::flush() {
  if (writing_ || torn_down_) return;
  if (!queue_.empty()) return write_queued();
  if (teardown_after_write_) teardown();  // everything before the end is written
}

void Connection::take_queue() {
  inflight_.swap(queue_);
  queued_bytes_ = 0;
}

std::vector<asio::const_buffer> Connection::inflight_buffers() const {
  std::vector<asio::const_buffer> buffers;
  buffers.reserve(inflight_.size());
  for (const auto& wire : inflight_) buffers.emplace_back(wire->data(), wire->size());
  return buffers;
}

// Most writes fit in the socket buffer: they go out now, without an Asio operation and its
// completion hop. Only what the kernel did not take goes through async_write.
void Connection::write_queued() {
  while (!queue_.empty()) {
    take_queue();
    auto buffers = inflight_buffers();
    boost::system::error_code ec;
    std::size_t sent = socket_.write_some(buffers, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      sent = 0;
      ec = {};
    }
    if (ec) return teardown();
    if (sent < asio::buffer_size(buffers)) return write_rest(std::move(buffers), sent);
    inflight_.clear();
  }
  after_writes();
}

// The Hub's fan-out: the same write, gathered with the shard's other sockets into one
// submission.
bool Connection::stage(realtime::SendBatch& batch) {
  if (writing_ || torn_down_) return false;
  if (queue_.empty()) {
    flush();  // a pending teardown
    return false;
  }
  take_queue();
  thread_local std::vector<iovec> buffers;
  buffers.clear();
  for (const auto& wire : inflight_) {
    buffers.push_back({const_cast<char*>(wire->data()), wire->size()});
  }
  batch.add(socket_.native_handle(), buffers);
  return true;
}

void Connection::sent(long result) {
  if (result == -EAGAIN || result == -EWOULDBLOCK) result = 0;
  if (result < 0 || torn_down_) return teardown();
  std::size_t total = 0;
  for (const auto& wire : inflight_) total += wire->size();
  if (static_cast<std::size_t>(result) < total) {
    return write_rest(inflight_buffers(), static_cast<std::size_t>(result));
  }
  inflight_.clear();
  if (!queue_.empty()) return write_queued();
  after_writes();
}

void Connection::write_rest(std::vector<asio::const_buffer> buffers, std::size_t sent) {
  writing_ = true;
  auto first = buffers.begin();
  while (sent >= first->size()) sent -= (first++)->size();
  *first += sent;
  buffers.erase(buffers.begin(), first);
  asio::async_write(socket_, buffers,
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      self->on_written(ec);
                    });
}

void Connection::on_written(const boost::system::error_code& ec) {
  writing_ = false;
  inflight_.clear();
  if (inflight_.capacity() > 64) std::vector<Wire>().swap(inflight_);
  if (ec) return teardown();
  if (torn_down_) return;
  if (!queue_.empty()) return write_queued();
  after_writes();
}

// Everything queued is written.
void Connection::after_writes() {
  if (queue_.capacity() > 64) std::vector<Wire>().swap(queue_);
  if (teardown_after_write_) return teardown();
  if (state_ == State::open) on_drained();
}

void Connection::close(std::uint16_t code) {
  start_close(code);
  flush();
}

void Connection::start_close(std::uint16_t code) {
  if (state_ != State::open || torn_down_) return;
  state_ = State::closing;
  closing_sweeps_ = 0;
  on_closing();
  if (code == 1008 || code == 4001 || code == 4003) {
    queue_.clear();  // a slow reader, a revoked session or a banned user gets nothing more
    queued_bytes_ = 0;
  }
  enqueue_control(realtime::close_frame(code));
}

bool Connection::sweep() {
  if (torn_down_) return false;
  if (state_ != State::open) {
    if (++closing_sweeps_ >= 2) abandon("ws.close_unanswered");
    return false;
  }
  if (rx_seen_) {
    rx_seen_ = false;
    ping_outstanding_ = false;
    return false;
  }
  if (ping_outstanding_) {
    abandon("ws.dead_peer");
    return false;
  }
  ping_outstanding_ = true;
  enqueue_control(ping_frame());
  return true;  // the Hub writes it, with the shard's other pings
}

void Connection::abandon(const char* why) {
  if (torn_down_) return;
  int unsent = 0;
  if (::ioctl(socket_.native_handle(), SIOCOUTQ, &unsent) != 0) unsent = -1;
  util::LogEvent event(why);
  event.add("user_id", info_.user_id)
      .add("channel_id", info_.channel_id)
      .add("unsent_bytes", static_cast<std::int64_t>(unsent));
  // A dead peer is routine (a phone that left); a close nobody answered follows a 1008, a
  // 4001 or a 4003 and is worth seeing.
  if (why == std::string_view("ws.dead_peer"))
    event.debug();
  else
    event.info();
  if (unsent != 0) {
    boost::system::error_code ec;
    socket_.set_option(asio::socket_base::linger(true, 0), ec);  // close() then resets
  }
  teardown();
}

void Connection::teardown() {
  if (torn_down_) return;
  torn_down_ = true;
  state_ = State::closed;
  services_->hub.remove(shard_, this);
  stop_counting_present();
  boost::system::error_code ec;
  socket_.shutdown(asio::socket_base::shutdown_both, ec);
  socket_.close(ec);
  queue_.clear();
  inflight_.clear();
  on_closing();
  std::string().swap(partial_);
  std::string().swap(message_);
}

}  // namespace ws

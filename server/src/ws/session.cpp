#include "ws/session.hpp"

#include <cerrno>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "realtime/frames.hpp"
#include "util/log.hpp"
#include "ws/client_message.hpp"
#include "ws/close_frame.hpp"

namespace ws {
namespace asio = boost::asio;
using realtime::Wire;

namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr int kReplayPage = 200;

// One scratch buffer per I/O thread: idle sockets hold no read buffer of their own.
char* read_scratch() {
  thread_local std::unique_ptr<char[]> buffer(new char[kReadChunk]);
  return buffer.get();
}

const Wire& ping_frame() {
  static const Wire ping =
      std::make_shared<const std::string>(realtime::encode_frame(realtime::Opcode::ping, {}));
  return ping;
}

void release(std::string& s) {
  std::string().swap(s);
}

}  // namespace

Session::Session(std::shared_ptr<SessionServices> services, asio::ip::tcp::socket socket,
                 SessionInfo info)
    : services_(std::move(services)), socket_(std::move(socket)), info_(std::move(info)) {
  shard_ = services_->hub.shard_index(socket_.get_executor().context());
  membership_checked_ = std::chrono::steady_clock::now();
}

Session::~Session() {
  if (!torn_down_) services_->hub.remove(shard_, this);
}

void Session::start(std::uint16_t close_code, Wire handshake_response) {
  boost::system::error_code ec;
  socket_.non_blocking(true, ec);
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  if (services_->stopping.load()) close_code = 1001;
  if (close_code != 0) {
    services_->hub.add(shard_, this);  // swept, so a silent peer does not linger
    enqueue_control(std::move(handshake_response));
    flush();  // out of the queue before the close drops what is queued
    close(close_code);
    wait_readable();
    return;
  }
  services_->hub.subscribe(shard_, info_.channel_id, this);
  enqueue_control(std::move(handshake_response));  // ahead of every delivery
  flush();
  if (info_.protocol == Protocol::parley && info_.resume_after) {
    replaying_ = true;
    last_replayed_ = *info_.resume_after;
    replay_next();
  }
  wait_readable();
}

// ---------------------------------------------------------------- reading

void Session::wait_readable() {
  socket_.async_wait(asio::socket_base::wait_read,
                     [self = shared_from_this()](const boost::system::error_code& ec) {
                       if (ec) return self->teardown();
                       self->on_readable();
                     });
}

void Session::on_readable() {
  if (torn_down_) return;
  char* scratch = read_scratch();
  boost::system::error_code ec;
  std::size_t n = socket_.read_some(asio::buffer(scratch, kReadChunk), ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) return wait_readable();
  if (ec) return teardown();
  rx_seen_ = true;
  if (partial_.empty()) {
    std::size_t used = consume(scratch, n);
    if (!torn_down_ && used < n) partial_.assign(scratch + used, n - used);
  } else {
    partial_.append(scratch, n);
    consume_partial();
  }
  // Conformance: text still arriving fails as soon as it cannot be UTF-8, not at its end.
  if (!torn_down_ && !paused_ && !teardown_after_write_ && !partial_.empty() &&
      !partial_frame_text_may_be_valid(
          partial_.data(), partial_.size(),
          in_message_ && message_opcode_ == kText ? &utf8_ : nullptr)) {
    fail(1007);
  }
  if (!torn_down_ && !paused_) wait_readable();
}

void Session::consume_partial() {
  std::size_t used = consume(partial_.data(), partial_.size());
  if (torn_down_) return;
  partial_.erase(0, used);
  if (partial_.empty()) release(partial_);
}

std::size_t Session::consume(char* data, std::size_t size) {
  std::size_t offset = 0;
  while (!paused_ && !torn_down_ && !teardown_after_write_) {
    auto result =
        parse_client_frame(data + offset, size - offset, services_->limits.max_frame_bytes);
    if (result.status == ParseStatus::need_more) break;
    if (result.status == ParseStatus::protocol_error) {
      fail(1002);
      return size;
    }
    if (result.status == ParseStatus::too_big) {
      fail(1009);
      return size;
    }
    offset += result.consumed;
    on_frame(result.frame);
  }
  if (teardown_after_write_) return size;  // nothing after a close frame matters
  return offset;
}

void Session::on_frame(const ClientFrame& frame) {
  std::string_view payload(frame.payload, frame.size);
  switch (frame.opcode) {
    case kPing:
      enqueue_control(std::make_shared<const std::string>(
          realtime::encode_frame(realtime::Opcode::pong, payload)));
      flush();
      return;
    case kPong:
      return;
    case kClose:
      return on_peer_close(frame);
    default:
      break;
  }
  if (frame.opcode == kContinuation) {
    if (!in_message_) return fail(1002);
    if (message_.size() + frame.size > services_->limits.max_frame_bytes) return fail(1009);
    // Conformance: text is checked fragment by fragment, failing on the first bad one.
    if (message_opcode_ == kText && !utf8_.feed_message_part(payload, frame.fin)) {
      return fail(1007);
    }
    message_.append(payload);
    if (!frame.fin) return;
    in_message_ = false;
    std::string whole;
    whole.swap(message_);
    on_message(message_opcode_, whole);
    return;
  }
  if (in_message_) return fail(1002);
  // Conformance: a text message (or its first fragment) must be UTF-8 so far.
  if (frame.opcode == kText && !utf8_.feed_message_part(payload, frame.fin)) return fail(1007);
  if (frame.fin) return on_message(frame.opcode, payload);
  in_message_ = true;
  message_opcode_ = frame.opcode;
  message_.assign(payload);
}

void Session::on_peer_close(const ClientFrame& frame) {
  if (state_ != State::open) {
    // Our close was answered: the handshake is complete.
    return teardown();
  }
  // Conformance: a malformed close frame fails the connection (1002); a well-formed one is
  // echoed, code and reason (RFC 6455 §5.5.1), then the connection closes.
  std::string_view payload(frame.payload, frame.size);
  if (!read_peer_close(payload).well_formed) return fail(1002);
  state_ = State::closing;
  queue_.clear();
  queued_bytes_ = 0;
  held_.clear();
  replaying_ = false;
  teardown_after_write_ = true;
  enqueue_control(std::make_shared<const std::string>(
      realtime::encode_frame(realtime::Opcode::close, payload)));
  flush();
}

void Session::fail(std::uint16_t code) {
  teardown_after_write_ = true;  // the input can no longer be trusted
  if (state_ == State::open) start_close(code);
  flush();
}

void Session::on_message(std::uint8_t opcode, std::string_view payload) {
  if (state_ != State::open) return;
  if (opcode != kText) return reply_bad_frame("Frames must be JSON text.");
  // Conformance/fuzzing: the JSON is read by read_client_message (ws/client_message).
  auto message = read_client_message(payload, info_.protocol);
  switch (message.kind) {
    case ClientMessage::Kind::post:
      return post(std::move(message.text), std::move(message.nonce));
    case ClientMessage::Kind::typing:
      return typing();
    case ClientMessage::Kind::bad_frame:
      return reply_bad_frame(message.detail, message.nonce);
    case ClientMessage::Kind::ignore:
      return;
  }
}

// ---------------------------------------------------------------- posting

bool Session::membership_fresh() const {
  auto age = std::chrono::steady_clock::now() - membership_checked_;
  return info_.is_member ? age < services_->limits.membership_ttl
                         : age < services_->limits.non_member_ttl;
}

void Session::post(std::string text, std::string nonce) {
  PendingPost pending{std::move(text), std::move(nonce), false};
  if (membership_fresh()) return finish(std::move(pending));
  refresh_membership(std::move(pending));
}

void Session::typing() {
  // Typing is a hint: the cached membership answer is good enough.
  if (services_->chat.may_relay_typing(info_.user_id, info_.is_member)) {
    services_->chat.publish_typing(info_.channel_id, info_.username, this);
  }
}

void Session::refresh_membership(PendingPost pending) {
  paused_ = true;  // frames after this one wait, so a sender's messages keep their order
  asio::post(services_->db_pool, [self = shared_from_this(),
                                  pending = std::move(pending)]() mutable {
    std::optional<bool> member;
    try {
      member = self->services_->store.is_member(self->info_.server_id, self->info_.user_id);
    } catch (const std::exception& e) {
      util::LogEvent("ws.membership_check_failed").add("error", e.what()).warn();
    }
    auto executor = self->socket_.get_executor();
    asio::post(executor, [self = std::move(self), pending = std::move(pending), member]() mutable {
      if (member) {
        self->info_.is_member = *member;
        self->membership_checked_ = std::chrono::steady_clock::now();
      }
      self->paused_ = false;
      if (self->torn_down_) return;
      if (member) {
        self->finish(std::move(pending));
      } else {
        self->reply_error(chat::PostError::unavailable, pending.nonce);
      }
      if (self->torn_down_) return;
      if (!self->partial_.empty()) self->consume_partial();
      if (!self->torn_down_ && !self->paused_) self->wait_readable();
    });
  });
}

void Session::finish(PendingPost pending) {
  if (state_ != State::open) return;
  std::function<void()> on_store_failed;
  if (info_.protocol == Protocol::parley) {
    on_store_failed = [weak = weak_from_this(), executor = socket_.get_executor(),
                       nonce = pending.nonce] {
      asio::post(executor, [weak, nonce] {
        if (auto self = weak.lock()) self->reply_error(chat::PostError::unavailable, nonce);
      });
    };
  }
  auto error =
      services_->chat.post_message(info_.user_id, info_.channel_id, std::move(pending.text),
                                   info_.is_member, pending.nonce, std::move(on_store_failed));
  if (error != chat::PostError::none) reply_error(error, pending.nonce);
}

void Session::reply_error(chat::PostError error, std::string_view nonce) {
  if (info_.protocol != Protocol::parley || state_ != State::open) return;  // original: silent
  enqueue(realtime::error_frame(chat::error_code(error), chat::error_detail(error), nonce));
  flush();
}

void Session::reply_bad_frame(std::string_view detail, std::string_view nonce) {
  if (info_.protocol != Protocol::parley || state_ != State::open) return;
  enqueue(realtime::error_frame("bad_frame", detail, nonce));
  flush();
}

// ---------------------------------------------------------------- writing

void Session::deliver(const realtime::ChannelEvent& event) {
  if (state_ != State::open) return;
  const Wire& wire = info_.protocol == Protocol::parley ? event.parley : event.original;
  if (!wire) return;
  if (replaying_) {
    if (held_.size() >= services_->limits.queue_messages) return overflow();
    held_.push_back({event.message_id, wire});
    return;
  }
  enqueue(wire);
}

void Session::enqueue(Wire wire) {
  if (state_ != State::open) return;
  const auto& limits = services_->limits;
  if (queue_.size() >= limits.queue_messages || queued_bytes_ + wire->size() > limits.queue_bytes) {
    return overflow();
  }
  queued_bytes_ += wire->size();
  queue_.push_back(std::move(wire));
}

void Session::enqueue_control(Wire wire) {
  if (torn_down_) return;
  queue_.push_back(std::move(wire));
}

void Session::overflow() {
  util::LogEvent("ws.slow_consumer")
      .add("user_id", info_.user_id)
      .add("channel_id", info_.channel_id)
      .add("queued", queue_.size())
      .warn();
  queue_.clear();
  queued_bytes_ = 0;
  held_.clear();
  // No write from here: the Hub may be walking this channel's subscribers. Every caller
  // flushes afterwards (the Hub once per batch).
  start_close(1008);
}

void Session::flush() {
  if (writing_ || torn_down_) return;
  if (!queue_.empty()) return write_queued();
  if (teardown_after_write_) teardown();  // everything before the end is written
}

void Session::take_queue() {
  inflight_.swap(queue_);
  queued_bytes_ = 0;
}

std::vector<asio::const_buffer> Session::inflight_buffers() const {
  std::vector<asio::const_buffer> buffers;
  buffers.reserve(inflight_.size());
  for (const auto& wire : inflight_) buffers.emplace_back(wire->data(), wire->size());
  return buffers;
}

// Most writes fit in the socket buffer: they go out now, without an Asio operation and its
// completion hop. Only what the kernel did not take goes through async_write.
void Session::write_queued() {
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
bool Session::stage(realtime::SendBatch& batch) {
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

void Session::sent(long result) {
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

void Session::write_rest(std::vector<asio::const_buffer> buffers, std::size_t sent) {
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

void Session::on_written(const boost::system::error_code& ec) {
  writing_ = false;
  inflight_.clear();
  if (inflight_.capacity() > 64) std::vector<Wire>().swap(inflight_);
  if (ec) return teardown();
  if (torn_down_) return;
  if (!queue_.empty()) return write_queued();
  after_writes();
}

// Everything queued is written.
void Session::after_writes() {
  if (queue_.capacity() > 64) std::vector<Wire>().swap(queue_);
  if (teardown_after_write_) return teardown();
  if (replay_waiting_) replay_next();
}

void Session::close(std::uint16_t code) {
  start_close(code);
  flush();
}

void Session::start_close(std::uint16_t code) {
  if (state_ != State::open || torn_down_) return;
  state_ = State::closing;
  closing_sweeps_ = 0;
  replaying_ = false;
  replay_waiting_ = false;
  held_.clear();
  if (code == 1008 || code == 4001) {
    queue_.clear();  // a slow reader or a revoked session gets nothing more
    queued_bytes_ = 0;
  }
  enqueue_control(realtime::close_frame(code));
}

bool Session::sweep() {
  if (torn_down_) return false;
  if (state_ != State::open) {
    if (++closing_sweeps_ >= 2) teardown();  // the peer never answered our close
    return false;
  }
  if (rx_seen_) {
    rx_seen_ = false;
    ping_outstanding_ = false;
    return false;
  }
  if (ping_outstanding_) {
    util::LogEvent("ws.dead_peer").add("user_id", info_.user_id).debug();
    teardown();
    return false;
  }
  ping_outstanding_ = true;
  enqueue_control(ping_frame());
  return true;  // the Hub writes it, with the shard's other pings
}

void Session::teardown() {
  if (torn_down_) return;
  torn_down_ = true;
  state_ = State::closed;
  services_->hub.remove(shard_, this);
  boost::system::error_code ec;
  socket_.shutdown(asio::socket_base::shutdown_both, ec);
  socket_.close(ec);
  queue_.clear();
  inflight_.clear();
  held_.clear();
  release(partial_);
  release(message_);
}

// ---------------------------------------------------------------- resume

void Session::replay_next() {
  replay_waiting_ = false;
  if (!replaying_ || torn_down_) return;
  asio::post(services_->db_pool, [self = shared_from_this(), after = last_replayed_] {
    std::vector<chat::Message> page;
    bool ok = true;
    try {
      store::MessagePage request;
      request.channel_id = self->info_.channel_id;
      request.after = after;
      request.limit = kReplayPage;
      page = self->services_->store.messages_page(request);
    } catch (const std::exception& e) {
      ok = false;
      util::LogEvent("ws.replay_failed").add("error", e.what()).warn();
    }
    auto executor = self->socket_.get_executor();
    asio::post(executor, [self = std::move(self), page = std::move(page), ok]() mutable {
      if (!self->replaying_ || self->torn_down_) return;
      if (!ok) return self->close(1011);
      for (const auto& message : page) {
        self->enqueue(realtime::text_frame(realtime::message_payload(message)));
        self->last_replayed_ = message.id;
      }
      if (!self->replaying_) return self->flush();  // overflowed: the close frame goes out
      if (page.size() == static_cast<std::size_t>(kReplayPage)) {
        // More to come once this page is written (memory stays bounded by one page).
        self->replay_waiting_ = true;
        if (!self->writing_ && self->queue_.empty()) return self->replay_next();
        self->flush();
        return;
      }
      // Caught up: live events held during the replay follow, minus what the replay sent.
      self->replaying_ = false;
      auto held = std::move(self->held_);
      self->held_ = {};
      for (auto& event : held) {
        if (event.message_id == 0 || event.message_id > self->last_replayed_) {
          self->enqueue(std::move(event.wire));
        }
      }
      self->flush();
    });
  });
}

}  // namespace ws

// Reading: readiness, frames, fragmentation, control frames and the peer's close.
#include <boost/asio/post.hpp>

#include "realtime/wire.hpp"
#include "ws/close_frame.hpp"
#include "ws/connection.hpp"

namespace ws {
namespace asio = boost::asio;

namespace {

constexpr std::size_t kReadChunk = 16 * 1024;

// One scratch buffer per I/O thread: idle sockets hold no read buffer of their own.
char* read_scratch() {
  thread_local std::unique_ptr<char[]> buffer(new char[kReadChunk]);
  return buffer.get();
}

void release(std::string& s) {
  std::string().swap(s);
}

}  // namespace

void Connection::wait_readable() {
  socket_.async_wait(asio::socket_base::wait_read,
                     [self = shared_from_this()](const boost::system::error_code& ec) {
                       if (ec) return self->teardown();
                       self->on_readable();
                     });
}

void Connection::on_readable() {
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
  // Text still arriving fails as soon as it cannot be UTF-8, not at its end (RFC 6455 §8.1).
  if (!torn_down_ && !paused_ && !teardown_after_write_ && !partial_.empty() &&
      !partial_frame_text_may_be_valid(
          partial_.data(), partial_.size(),
          in_message_ && message_opcode_ == kText ? &utf8_ : nullptr)) {
    fail(1007);
  }
  if (!torn_down_ && !paused_) wait_readable();
}

void Connection::resume_reading() {
  paused_ = false;
  if (torn_down_) return;
  if (!partial_.empty()) consume_partial();
  if (!torn_down_ && !paused_) wait_readable();
}

void Connection::consume_partial() {
  std::size_t used = consume(partial_.data(), partial_.size());
  if (torn_down_) return;
  partial_.erase(0, used);
  if (partial_.empty()) release(partial_);
}

std::size_t Connection::consume(char* data, std::size_t size) {
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

void Connection::on_frame(const ClientFrame& frame) {
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
    // Text is checked fragment by fragment, failing on the first bad one.
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
  // A text message (or its first fragment) must be UTF-8 so far.
  if (frame.opcode == kText && !utf8_.feed_message_part(payload, frame.fin)) return fail(1007);
  if (frame.fin) return on_message(frame.opcode, payload);
  in_message_ = true;
  message_opcode_ = frame.opcode;
  message_.assign(payload);
}

void Connection::on_peer_close(const ClientFrame& frame) {
  if (state_ != State::open) {
    // Our close was answered: the handshake is complete.
    return teardown();
  }
  // A malformed close frame fails the connection (1002); a well-formed one is echoed, code
  // and reason (RFC 6455 §5.5.1), then the connection closes.
  std::string_view payload(frame.payload, frame.size);
  if (!read_peer_close(payload).well_formed) return fail(1002);
  state_ = State::closing;
  queue_.clear();
  queued_bytes_ = 0;
  on_closing();
  teardown_after_write_ = true;
  enqueue_control(std::make_shared<const std::string>(
      realtime::encode_frame(realtime::Opcode::close, payload)));
  flush();
}

void Connection::fail(std::uint16_t code) {
  teardown_after_write_ = true;  // the input can no longer be trusted
  if (state_ == State::open) start_close(code);
  flush();
}

void Connection::on_message(std::uint8_t opcode, std::string_view payload) {
  if (state_ != State::open) return;
  if (opcode != kText) return on_binary();
  on_text(payload);
}

}  // namespace ws

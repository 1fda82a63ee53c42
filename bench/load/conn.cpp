#include "conn.hpp"

#include <boost/asio/connect.hpp>
#include <boost/beast/http.hpp>

#include <climits>

#include "payload.hpp"

namespace parley_load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

namespace {
std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}
constexpr std::uint32_t kNoSeq = UINT32_MAX;
}  // namespace

Conn::Conn(asio::io_context& ioc, RunShared& run, WorkerStats& stats, const std::string& cookie,
           int sender_index, std::function<void()> on_done)
    : run_(run), st_(stats), cookie_(cookie), on_done_(std::move(on_done)), ws_(ioc) {
  if (sender_index >= 0)
    sender_ = std::make_unique<SenderState>(ioc, static_cast<std::uint32_t>(sender_index));
}

void Conn::start() {
  auto& tcp = beast::get_lowest_layer(ws_);
  tcp.expires_after(run_.connect_timeout);
  tcp.async_connect(run_.target.endpoints.front(),
                    [self = shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
}

void Conn::on_connect(beast::error_code ec) {
  if (ec) return fail(ec == beast::error::timeout ? "connect timeout" : "connect: " + ec.message());
  auto& tcp = beast::get_lowest_layer(ws_);
  tcp.expires_never();
  tcp.socket().set_option(asio::ip::tcp::no_delay(true), ec);
  websocket::stream_base::timeout to{};
  to.handshake_timeout = run_.connect_timeout;  // also bounds the closing handshake
  to.idle_timeout = websocket::stream_base::none();
  to.keep_alive_pings = false;
  ws_.set_option(to);
  const std::string* cookie = &cookie_;
  ws_.set_option(websocket::stream_base::decorator([cookie](websocket::request_type& req) {
    req.set(http::field::user_agent, "parley-load");
    req.set(http::field::cookie, *cookie);
  }));
  ws_.read_message_max(1 << 20);
  ws_.auto_fragment(false);
  res_ = std::make_unique<websocket::response_type>();
  ws_.async_handshake(*res_, run_.target.host_header, run_.path,
                      [self = shared_from_this()](beast::error_code e) { self->on_handshake(e); });
}

void Conn::on_handshake(beast::error_code ec) {
  if (ec) {
    std::string reason;
    if (ec == websocket::error::upgrade_declined)
      reason = "http " + std::to_string(res_->result_int());
    else if (ec == beast::error::timeout)
      reason = "handshake timeout";
    else
      reason = "handshake: " + ec.message();
    res_.reset();
    return fail(reason);
  }
  res_.reset();
  open_ = true;
  st_.live.handshakes_ok.fetch_add(1, std::memory_order_relaxed);
  st_.live.open.fetch_add(1, std::memory_order_relaxed);
  finish_attempt();
  do_read();
}

void Conn::finish_attempt() {
  if (attempt_done_) return;
  attempt_done_ = true;
  st_.live.attempted.fetch_add(1, std::memory_order_relaxed);
  if (on_done_) on_done_();
}

void Conn::fail(const std::string& reason) {
  ++st_.handshake_failures[reason];
  st_.live.failed.fetch_add(1, std::memory_order_relaxed);
  beast::error_code ignore;
  beast::get_lowest_layer(ws_).socket().close(ignore);
  finish_attempt();
}

void Conn::do_read() {
  ws_.async_read(
      buf_, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void Conn::on_read(beast::error_code ec) {
  if (ec) return on_closed(ec);
  const std::int64_t t = now_ns();
  const auto data = buf_.cdata();
  const std::string_view frame(static_cast<const char*>(data.data()), data.size());
  ++st_.frames;
  const ScanResult r = run_.scanner.scan(frame);
  if (r.kind == ScanResult::Kind::chat) {
    ++st_.chat_frames;
    if (run_.verify_every != 0 &&
        (st_.chat_frames <= 64 || st_.chat_frames % run_.verify_every == 0)) {
      ++st_.verified;
      std::string why;
      if (!run_.scanner.verify(frame, r, why)) {
        ++st_.verify_mismatch;
        if (st_.first_mismatch.empty())
          st_.first_mismatch = why + " in: " + std::string(frame.substr(0, 300));
      }
    }
    handle_chat(r, t);
  } else if (r.kind == ScanResult::Kind::error) {
    handle_error_frame(frame);
  } else {
    ++st_.other_frames;
  }
  buf_.consume(buf_.size());
  do_read();
}

void Conn::handle_chat(const ScanResult& r, std::int64_t t) {
  if (!r.ours || !run_.track_deliveries || r.payload.sender >= run_.num_senders) {
    ++st_.foreign;
    return;
  }
  const std::uint32_t s = r.payload.sender;
  const std::uint32_t q = r.payload.seq;
  if (seen_.rows() ==
      0) {  // first delivery before begin_sending() reached us (cannot normally happen)
    seen_.reset(run_.num_senders, run_.seq_bits_hint);
    last_seq_.assign(run_.num_senders, kNoSeq);
  }
  if (seen_.test_and_set(s, q)) {
    ++st_.duplicates;
    return;
  }
  if (r.id < 0)
    ++st_.missing_id;
  else if (r.id <= last_id_)
    ++st_.id_order_violations;
  else
    last_id_ = r.id;
  if (last_seq_[s] != kNoSeq && q < last_seq_[s])
    ++st_.seq_backwards;
  else
    last_seq_[s] = q;
  st_.latency_ns.record(t > r.payload.send_ns ? static_cast<std::uint64_t>(t - r.payload.send_ns)
                                              : 0);
  st_.live.received.fetch_add(1, std::memory_order_relaxed);
  st_.last_delivery_ns = t;
  if (sender_ && s == sender_->index) on_own_echo(q);
}

void Conn::handle_error_frame(std::string_view frame) {
  ErrorFrame e;
  if (!parse_error_frame(frame, e)) {
    ++st_.other_frames;
    return;
  }
  ++st_.error_codes[e.code];
  if (!sender_ || !e.has_nonce || e.sender != sender_->index) return;
  if (sender_->acked.test(e.seq)) return;
  st_.live.resolved_without_echo.fetch_add(1, std::memory_order_relaxed);
  if (run_.closed_loop && sender_->awaiting && e.seq == sender_->awaiting_seq)
    closed_loop_next(run_.backoff);
}

void Conn::on_own_echo(std::uint32_t seq) {
  if (sender_->acked.test_and_set(seq)) return;
  st_.live.acked.fetch_add(1, std::memory_order_relaxed);
  if (run_.closed_loop && sender_->awaiting && seq == sender_->awaiting_seq) closed_loop_next({});
}

void Conn::closed_loop_next(std::chrono::nanoseconds delay) {
  sender_->awaiting = false;
  sender_->timer.cancel();
  if (run_.phase.load(std::memory_order_relaxed) != kSending) return;
  if (delay.count() <= 0) {
    if (send_one()) {
      sender_->awaiting = true;
      sender_->awaiting_seq = sender_->next_seq - 1;
      sender_->timer.expires_after(run_.echo_timeout);
      sender_->timer.async_wait(
          [self = shared_from_this(), seq = sender_->awaiting_seq](beast::error_code ec) {
            if (ec || !self->sender_->awaiting || self->sender_->awaiting_seq != seq) return;
            ++self->st_.echo_timeouts;
            self->st_.live.resolved_without_echo.fetch_add(1, std::memory_order_relaxed);
            self->closed_loop_next({});
          });
    }
    return;
  }
  sender_->timer.expires_after(delay);
  sender_->timer.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) self->closed_loop_next({});
  });
}

void Conn::begin_sending() {
  open_at_start_ = open_;
  if (run_.track_deliveries) {
    seen_.reset(run_.num_senders, run_.seq_bits_hint);
    last_seq_.assign(run_.num_senders, kNoSeq);
  }
  if (!sender_ || !open_) return;
  if (run_.closed_loop) {
    closed_loop_next({});
  } else {
    sender_->next_due = run_.send_start + run_.rate_offset * sender_->index;
    schedule_paced();
  }
}

void Conn::schedule_paced() {
  sender_->timer.expires_at(sender_->next_due);
  sender_->timer.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec) return;
    if (!self->send_one()) return;
    self->sender_->next_due += self->run_.send_interval;
    self->schedule_paced();
  });
}

bool Conn::send_one() {
  if (!open_ || closing_ || run_.phase.load(std::memory_order_relaxed) != kSending) return false;
  if (run_.send_tickets.fetch_add(1, std::memory_order_relaxed) >= run_.max_messages) return false;
  const std::uint32_t q = sender_->next_seq++;
  build_message_frame(scratch_, run_.scanner.run_tag(), sender_->index, q, now_ns(),
                      run_.payload_size, run_.parley_protocol);
  st_.live.sent.fetch_add(1, std::memory_order_relaxed);
  enqueue(scratch_);
  return true;
}

void Conn::enqueue(std::string frame) {
  outq_.push_back(std::move(frame));
  if (!writing_) do_write();
}

void Conn::do_write() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(asio::buffer(outq_.front()),
                  [self = shared_from_this()](beast::error_code ec, std::size_t) {
                    self->outq_.pop_front();
                    if (ec) {
                      self->outq_.clear();
                      self->writing_ = false;
                      return;  // the read side reports the close
                    }
                    if (!self->outq_.empty()) return self->do_write();
                    self->writing_ = false;
                    if (self->closing_) self->do_close();
                  });
}

void Conn::stop_sending() {
  if (sender_) {
    sender_->awaiting = false;
    sender_->timer.cancel();
  }
}

void Conn::close() {
  stop_sending();
  if (!open_ || closing_) return;
  closing_ = true;
  if (!writing_) do_close();
}

void Conn::do_close() {
  if (close_sent_ || !open_) return;
  close_sent_ = true;
  ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code) {
    // the pending read completes with websocket::error::closed (or an error) next
  });
}

void Conn::on_closed(beast::error_code ec) {
  if (!open_) return;
  open_ = false;
  st_.live.open.fetch_sub(1, std::memory_order_relaxed);
  if (sender_) {
    sender_->awaiting = false;
    sender_->timer.cancel();
  }
  const int phase = run_.phase.load(std::memory_order_relaxed);
  if (phase == kClosing) return;
  std::string reason;
  if (ec == websocket::error::closed) {
    reason = "close " + std::to_string(ws_.reason().code);
    if (!ws_.reason().reason.empty())
      reason += " (" + std::string(ws_.reason().reason.c_str()) + ")";
  } else {
    reason = ec.message();
  }
  if (phase == kConnecting) {
    ++st_.handshake_failures["closed after accept: " + reason];
    st_.live.failed.fetch_add(1, std::memory_order_relaxed);
  } else {
    ++st_.drops[reason];
    st_.live.dropped.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace parley_load

#include "conn.hpp"

#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <random>
#include <stdexcept>

#include "payload.hpp"
#include "read_poller.hpp"
#include "rest_client.hpp"

namespace parley_load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {
std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}
constexpr std::uint32_t kNoSeq = UINT32_MAX;
constexpr std::uint64_t kMaxMessage = 1 << 20;  // like Beast's read_message_max before
constexpr std::size_t kScratch = 64 * 1024;

// WebSocket opcodes (RFC 6455 5.2).
constexpr unsigned kCont = 0x0, kText = 0x1, kBinary = 0x2, kClose = 0x8, kPing = 0x9, kPong = 0xA;

// Per worker thread: every read lands here first; only an incomplete trailing frame is copied
// into the connection's own buffer.
char* read_scratch() {
  thread_local const std::unique_ptr<char[]> buf(new char[kScratch]);
  return buf.get();
}

std::uint32_t mask_seed(const void* p) {
  thread_local std::mt19937 gen(std::random_device{}());
  const std::uint32_t s = gen() ^ static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(p));
  return s ? s : 0x9e3779b9u;
}
}  // namespace

// The upgrade handshake is done with Beast's HTTP layer on the tcp_stream (not with
// websocket::stream), so that bytes the server sends right after its 101 response (read into
// `buf` together with it) are handed to our own frame reader instead of being lost.
struct Conn::Handshake {
  http::request<http::empty_body> req;
  http::response<http::string_body> res;
  beast::flat_buffer buf;
  websocket::detail::sec_ws_key_type key;
};

Conn::Conn(asio::io_context& ioc, RunShared& run, WorkerStats& stats, const Session& session,
           int sender_index, std::function<void()> on_done)
    : run_(run), st_(stats), session_(session), on_done_(std::move(on_done)), stream_(ioc) {
  if (sender_index >= 0)
    sender_ = std::make_unique<SenderState>(ioc, static_cast<std::uint32_t>(sender_index));
  if (run_.events && run_.base_seq >= 0) track_.set_base(run_.base_seq);
  if (sender_ && run_.events && !run_.mix.messages_only()) {
    mix_ = std::make_unique<MixState>(run_.mix);
    mix_->rest = std::make_shared<RestClient>(ioc, run_.target, session_.cookie, run_.rest_timeout);
  }
}

Conn::~Conn() {
  if (fd_ >= 0) ::close(fd_);  // removes it from the poller's epoll set too
}

void Conn::start() {
  t_start_ns_ = now_ns();
  if (st_.connect.first_start_ns == 0) st_.connect.first_start_ns = t_start_ns_;
  stream_.expires_after(run_.connect_timeout);
  stream_.async_connect(
      node_target().endpoints.front(),
      [self = shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
}

void Conn::on_connect(beast::error_code ec) {
  if (ec) return fail(ec == beast::error::timeout ? "connect timeout" : "connect: " + ec.message());
  stream_.socket().set_option(tcp::no_delay(true), ec);
  stream_.expires_after(run_.connect_timeout);  // bounds the whole upgrade handshake
  hs_ = std::make_unique<Handshake>();
  websocket::detail::make_sec_ws_key(hs_->key);
  auto& req = hs_->req;
  req.method(http::verb::get);
  req.target(path());
  req.version(11);
  req.set(http::field::host, node_target().host_header);
  req.set(http::field::upgrade, "websocket");
  req.set(http::field::connection, "Upgrade");
  req.set(http::field::sec_websocket_key, std::string_view(hs_->key.data(), hs_->key.size()));
  req.set(http::field::sec_websocket_version, "13");
  req.set(http::field::user_agent, "parley-load");
  req.set(http::field::cookie, session_.cookie);
  t_request_ns_ = now_ns();
  http::async_write(stream_, req, [self = shared_from_this()](beast::error_code e, std::size_t) {
    self->on_handshake_written(e);
  });
}

void Conn::on_handshake_written(beast::error_code ec) {
  if (ec) {
    hs_.reset();
    return fail(ec == beast::error::timeout ? "handshake timeout" : "handshake: " + ec.message());
  }
  http::async_read(stream_, hs_->buf, hs_->res,
                   [self = shared_from_this()](beast::error_code e, std::size_t) {
                     self->on_handshake_read(e);
                   });
}

void Conn::on_handshake_read(beast::error_code ec) {
  if (ec) {
    hs_.reset();
    return fail(ec == beast::error::timeout ? "handshake timeout" : "handshake: " + ec.message());
  }
  // The same checks, in the same order and with the same error codes, as Beast's client
  // handshake (websocket::stream::on_response).
  const auto& res = hs_->res;
  beast::error_code why;
  if (res.version() != 11) {
    why = websocket::error::bad_http_version;
  } else if (res.result() != http::status::switching_protocols) {
    const std::string reason = "http " + std::to_string(res.result_int());
    hs_.reset();
    return fail(reason);
  } else if (!http::token_list{res[http::field::connection]}.exists("upgrade")) {
    why = websocket::error::no_connection_upgrade;
  } else if (!http::token_list{res[http::field::upgrade]}.exists("websocket")) {
    why = websocket::error::no_upgrade_websocket;
  } else if (res.count(http::field::sec_websocket_accept) != 1) {
    why = websocket::error::no_sec_accept;
  } else {
    websocket::detail::sec_ws_accept_type accept;
    websocket::detail::make_sec_ws_accept(accept,
                                          std::string_view(hs_->key.data(), hs_->key.size()));
    if (std::string_view(accept.data(), accept.size()) != res[http::field::sec_websocket_accept])
      why = websocket::error::bad_sec_accept;
  }
  if (why) {
    hs_.reset();
    return fail("handshake: " + why.message());
  }
  stream_.expires_never();
  t_101_ns_ = now_ns();
  st_.connect.connect_to_101_ns.record(static_cast<std::uint64_t>(t_101_ns_ - t_start_ns_));
  st_.connect.last_101_ns = std::max(st_.connect.last_101_ns, t_101_ns_);
  const auto rest = hs_->buf.cdata();  // frames the server sent right behind its 101
  rbuf_.assign(static_cast<const char*>(rest.data()), rest.size());
  hs_.reset();
  stream_.socket().non_blocking(true, ec);
  if (ec) return fail("handshake: " + ec.message());
  fd_ = stream_.socket().release(ec);
  if (ec) return fail("handshake: " + ec.message());
  poller_ = &asio::use_service<ReadPoller>(
      static_cast<asio::io_context&>(stream_.get_executor().context()));
  poller_->add(fd_, this);
  mask_state_ = mask_seed(this);
  rd_ = Rd::open;
  open_ = true;
  st_.live.handshakes_ok.fetch_add(1, std::memory_order_relaxed);
  st_.live.open.fetch_add(1, std::memory_order_relaxed);
  finish_attempt();
  if (rd_ != Rd::open) return;
  if (!rbuf_.empty()) {
    const std::size_t used = parse(rbuf_.data(), rbuf_.size(), now_ns());
    if (rd_ != Rd::open)
      rbuf_.clear();
    else
      rbuf_.erase(0, used);
  }
  // Anything else already queued in the socket is reported by the (level-triggered) poller.
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
  stream_.socket().close(ignore);
  finish_attempt();
}

// ---- read side ----

void Conn::on_poll(std::uint32_t events) {
  if (rd_ == Rd::dead) return;
  if ((events & EPOLLOUT) && want_out_) {
    flush();
    if (rd_ == Rd::dead) return;
  }
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_ready();
}

// One recv (the poller is level-triggered: data left in the socket is reported again), more
// only while a read fills the whole scratch buffer.
void Conn::read_ready() {
  char* const buf = read_scratch();
  for (;;) {
    const ssize_t got = ::recv(fd_, buf, kScratch, 0);
    if (got < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
      return io_error(beast::error_code(errno, beast::system_category()));
    }
    if (got == 0) return io_error(asio::error::eof);
    const auto n = static_cast<std::size_t>(got);
    if (rd_ == Rd::open) {
      const std::int64_t t = now_ns();
      if (rbuf_.empty()) {
        const std::size_t used = parse(buf, n, t);
        if (rd_ == Rd::open && used < n) rbuf_.assign(buf + used, n - used);
      } else {
        rbuf_.append(buf, n);
        const std::size_t used = parse(rbuf_.data(), rbuf_.size(), t);
        if (rd_ != Rd::open || used == rbuf_.size()) {
          if (rbuf_.capacity() > kScratch)
            std::string().swap(rbuf_);  // a big message passed; give the memory back
          else
            rbuf_.clear();
        } else {
          rbuf_.erase(0, used);
        }
      }
      if (rd_ == Rd::dead) return;
      if (rd_ == Rd::teardown) rbuf_.clear();
    }
    // Rd::teardown: input after the close frame is discarded until EOF.
    if (n < kScratch) return;
  }
}

// Parses complete server frames in [data, data + size); returns how many bytes they used (the
// rest is an incomplete frame). Stops early when the connection leaves Rd::open.
std::size_t Conn::parse(const char* data, std::size_t size, std::int64_t t) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  std::size_t pos = 0;
  while (rd_ == Rd::open) {
    const std::size_t avail = size - pos;
    if (avail < 2) break;
    const unsigned b0 = p[pos], b1 = p[pos + 1];
    std::size_t hdr = 2;
    std::uint64_t len = b1 & 0x7f;
    if (len == 126) {
      hdr = 4;
      if (avail < hdr) break;
      len = (std::uint64_t{p[pos + 2]} << 8) | p[pos + 3];
      if (len < 126) {
        protocol_error(websocket::error::bad_size, websocket::close_code::protocol_error);
        break;
      }
    } else if (len == 127) {
      hdr = 10;
      if (avail < hdr) break;
      len = 0;
      for (std::size_t i = 0; i < 8; ++i) len = (len << 8) | p[pos + 2 + i];
      if (len < 65536 || (len >> 63) != 0) {
        protocol_error(websocket::error::bad_size, websocket::close_code::protocol_error);
        break;
      }
    }
    const unsigned op = b0 & 0x0f;
    const bool fin = (b0 & 0x80) != 0;
    beast::error_code bad;
    if (b1 & 0x80)
      bad = websocket::error::bad_masked_frame;  // servers must not mask
    else if (b0 & 0x70)
      bad = websocket::error::bad_reserved_bits;  // no extension was negotiated
    else if (op >= 8 && op != kClose && op != kPing && op != kPong)
      bad = websocket::error::bad_opcode;
    else if (op >= 8 && !fin)
      bad = websocket::error::bad_control_fragment;
    else if (op >= 8 && len > 125)
      bad = websocket::error::bad_control_size;
    else if (op > kBinary && op < 8)
      bad = websocket::error::bad_opcode;
    if (bad) {
      protocol_error(bad, websocket::close_code::protocol_error);
      break;
    }
    if (op < 8 && len > kMaxMessage - (op == kCont ? msg_.size() : 0)) {
      protocol_error(websocket::error::message_too_big, websocket::close_code::too_big);
      break;
    }
    if (avail - hdr < len) break;  // incomplete
    pos += hdr;
    const std::string_view payload(data + pos, static_cast<std::size_t>(len));
    pos += static_cast<std::size_t>(len);
    if (!on_frame(op, fin, payload, t)) break;
  }
  return pos;
}

// Returns false when parsing must stop.
bool Conn::on_frame(unsigned op, bool fin, std::string_view payload, std::int64_t t) {
  switch (op) {
    case kText:
    case kBinary:
      if (in_message_) {
        protocol_error(websocket::error::bad_data_frame, websocket::close_code::protocol_error);
        return false;
      }
      if (fin) {
        on_message(payload, t);  // the common case: straight from the read buffer
      } else {
        in_message_ = true;
        msg_.assign(payload);
      }
      return true;
    case kCont:
      if (!in_message_) {
        protocol_error(websocket::error::bad_continuation, websocket::close_code::protocol_error);
        return false;
      }
      msg_.append(payload);
      if (fin) {
        in_message_ = false;
        on_message(msg_, t);
        if (msg_.capacity() > kScratch)
          std::string().swap(msg_);
        else
          msg_.clear();
      }
      return true;
    case kPing:
      send_frame(kPong, payload);  // as Beast's read did automatically
      return true;
    case kPong:
      return true;
    case kClose:
      on_close_frame(payload);
      return false;
    default:
      return false;  // not reached: rejected in parse()
  }
}

void Conn::on_message(std::string_view frame, std::int64_t t) {
  if (run_.events) return on_event_frame(frame, t);
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
}

// The server's close frame: answer it (unless we started the close), report the close like
// Beast did (websocket::error::closed with the peer's code and reason), then wait for EOF.
void Conn::on_close_frame(std::string_view payload) {
  close_code_ = 0;
  close_why_.clear();
  if (payload.size() == 1) {
    protocol_error(websocket::error::bad_close_size, websocket::close_code::protocol_error);
    return;
  }
  if (payload.size() >= 2) {
    const auto code = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                                 static_cast<unsigned char>(payload[1]));
    if (!websocket::detail::is_valid_close_code(code)) {
      protocol_error(websocket::error::bad_close_code, websocket::close_code::protocol_error);
      return;
    }
    close_code_ = code;
    close_why_.assign(payload.substr(2));
  }
  if (!close_sent_) send_close(close_code_);
  on_closed(websocket::error::closed);
  begin_teardown();
}

void Conn::protocol_error(beast::error_code ec, std::uint16_t close_code) {
  on_closed(ec);
  if (!close_sent_) send_close(close_code);
  begin_teardown();
}

void Conn::io_error(beast::error_code ec) {
  if (rd_ == Rd::open) on_closed(ec);
  kill_socket();
}

// Close handshake done: half-close once the queued frames are out, and read until EOF (as
// Beast's teardown did), so that the server closes the TCP connection first.
void Conn::begin_teardown() {
  rd_ = Rd::teardown;
  in_message_ = false;
  std::string().swap(msg_);
  shutdown_after_write_ = true;
  flush();
}

void Conn::kill_socket() {
  rd_ = Rd::dead;
  in_message_ = false;
  std::string().swap(rbuf_);
  std::string().swap(msg_);
  wq_.clear();
  want_out_ = false;
  if (fd_ >= 0) {
    poller_->remove(fd_);
    ::close(fd_);
    fd_ = -1;
  }
}

void Conn::handle_chat(const ScanResult& r, std::int64_t t, bool record_latency) {
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
  if (record_latency) {
    const auto lat = t > r.payload.send_ns ? static_cast<std::uint64_t>(t - r.payload.send_ns) : 0;
    st_.latency_ns.record(lat);
    if (cross_node(r.payload.sender)) st_.cross_node_latency_ns.record(lat);
  }
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
  if (run_.events && !track_.has_base() && run_.base_seq >= 0) track_.set_base(run_.base_seq);
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
    if (!(self->mix_ ? self->act_one() : self->send_one())) return;
    self->sender_->next_due += self->run_.send_interval;
    self->schedule_paced();
  });
}

bool Conn::take_ticket() {
  if (!open_ || closing_ || run_.phase.load(std::memory_order_relaxed) != kSending) return false;
  return run_.send_tickets.fetch_add(1, std::memory_order_relaxed) < run_.max_messages;
}

bool Conn::send_one() {
  if (!take_ticket()) return false;
  send_message();
  return true;
}

void Conn::send_message() {
  const std::uint32_t q = sender_->next_seq++;
  build_message_frame(scratch_, run_.scanner.run_tag(), sender_->index, q, now_ns(),
                      run_.payload_size, run_.parley_protocol, run_.gateway ? run_.channel_id : -1);
  st_.live.sent.fetch_add(1, std::memory_order_relaxed);
  send_frame(kText, scratch_);
}

// ---- write side ----

// Appends one client frame (FIN set, masked as RFC 6455 requires of clients) to the write
// queue. The mask key is a fresh xorshift32 value per frame, seeded per connection from
// std::random_device: unpredictable enough for a load tool; it only has to be present.
void Conn::send_frame(unsigned opcode, std::string_view payload) {
  if (rd_ == Rd::dead || close_sent_) return;
  const std::size_t n = payload.size();
  char hdr[14];
  std::size_t h = 0;
  hdr[h++] = static_cast<char>(0x80 | opcode);
  if (n < 126) {
    hdr[h++] = static_cast<char>(0x80 | n);
  } else if (n < 65536) {
    hdr[h++] = static_cast<char>(0x80 | 126);
    hdr[h++] = static_cast<char>(n >> 8);
    hdr[h++] = static_cast<char>(n);
  } else {
    hdr[h++] = static_cast<char>(0x80 | 127);
    for (int i = 7; i >= 0; --i) hdr[h++] = static_cast<char>(std::uint64_t{n} >> (8 * i));
  }
  std::uint32_t x = mask_state_;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  mask_state_ = x;
  unsigned char key[4];
  for (int i = 0; i < 4; ++i) key[i] = static_cast<unsigned char>(x >> (8 * i));
  for (unsigned char k : key) hdr[h++] = static_cast<char>(k);
  wq_.append(hdr, h);
  const std::size_t off = wq_.size();
  wq_.append(payload);
  char* d = wq_.data() + off;
  for (std::size_t i = 0; i < n; ++i) d[i] = static_cast<char>(d[i] ^ key[i & 3]);
  flush();
}

void Conn::send_close(std::uint16_t code) {
  char p[2] = {static_cast<char>(code >> 8), static_cast<char>(code)};
  send_frame(kClose, code != 0 ? std::string_view(p, 2) : std::string_view());
  close_sent_ = true;
}

// Writes the queue directly (the socket is non-blocking; usually everything fits at once);
// when the socket is full, the rest waits for EPOLLOUT from the poller. Frames go out in order.
void Conn::flush() {
  if (rd_ == Rd::dead) return;
  std::size_t off = 0;
  while (off < wq_.size()) {
    const ssize_t n = ::send(fd_, wq_.data() + off, wq_.size() - off, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      wq_.clear();  // the read side reports the close
      shutdown_after_write_ = false;
      if (want_out_) {
        want_out_ = false;
        poller_->want_write(fd_, this, false);
      }
      return;
    }
    off += static_cast<std::size_t>(n);
  }
  if (off == wq_.size())
    wq_.clear();
  else
    wq_.erase(0, off);
  if (!wq_.empty() != want_out_) {
    want_out_ = !wq_.empty();
    poller_->want_write(fd_, this, want_out_);
  }
  if (wq_.empty() && shutdown_after_write_) {
    shutdown_after_write_ = false;
    ::shutdown(fd_, SHUT_WR);
  }
}

void Conn::stop_sending() {
  if (sender_) {
    sender_->awaiting = false;
    sender_->timer.cancel();
  }
}

void Conn::close() {
  stop_sending();
  if (mix_) mix_->rest->close();
  if (!open_ || closing_) return;
  closing_ = true;
  // Queued behind any message frames; the server's close frame then ends the read loop.
  if (rd_ == Rd::open && !close_sent_) send_close(websocket::close_code::normal);
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
    reason = "close " + std::to_string(close_code_);
    if (!close_why_.empty()) reason += " (" + close_why_ + ")";
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

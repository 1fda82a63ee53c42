// One WebSocket client connection: connect + HTTP upgrade handshake (Boost.Beast) with the
// session cookie, then a hand-written RFC 6455 client on the raw socket: reads are driven by a
// per-worker epoll set (ReadPoller, one asio wait per batch of ready sockets) into a
// per-thread scratch buffer, every frame is scanned, outgoing frames are masked client frames
// written from a byte queue; plus (for senders) the pacing / closed-loop logic. All methods
// run on the owning worker's io_context thread.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bitsets.hpp"
#include "run_state.hpp"
#include "seq_tracker.hpp"
#include "users.hpp"

namespace parley_load {

class ReadPoller;
class RestClient;

class Conn : public std::enable_shared_from_this<Conn> {
 public:
  // sender_index < 0: receive only. on_done is called once when the connection attempt has
  // finished (handshake ok or failed).
  Conn(boost::asio::io_context& ioc, RunShared& run, WorkerStats& stats, const Session& session,
       int sender_index, std::function<void()> on_done);
  ~Conn();

  void start();
  void begin_sending();  // phase kSending has started
  void stop_sending();   // cancel timers
  void close();          // graceful close (phase kClosing)

  bool open() const { return open_; }
  bool open_at_start() const { return open_at_start_; }
  int sender_index() const { return sender_ ? static_cast<int>(sender_->index) : -1; }
  // Which of run.nodes this socket connects to (set before start).
  std::size_t node = 0;
  bool cross_node(std::uint32_t sender) const {
    return run_.nodes.size() > 1 && run_.node_of(sender) != node;
  }
  const Target& node_target() const { return run_.nodes.empty() ? run_.target : run_.nodes[node]; }
  const BitVector* acked() const { return sender_ ? &sender_->acked : nullptr; }
  const BitMatrix& seen() const { return seen_; }
  const SeqTracker& tracker() const { return track_; }
  bool got_ready() const { return got_ready_; }

  // Called by the worker's ReadPoller with the epoll events of this connection's socket.
  void on_poll(std::uint32_t events);

  // Reconnect storm (conn_resume.cpp). drop(): the socket goes at once, without a close
  // handshake, as in a network failure (not counted as a drop). reconnect(): a new attempt on
  // `path` that keeps what was seen (the tracker), as a client resuming does. A gateway that
  // resumes reads what it missed through the events route, from its newest seq to its new
  // ready's last_seq, holding the live frames meanwhile (SPEC §6), then applies them.
  void drop();
  void reconnect(std::string path);
  const std::string& path() const { return path_.empty() ? run_.path : path_; }
  bool catching_up() const { return catching_up_; }

 private:
  struct SenderState {
    SenderState(boost::asio::io_context& ioc, std::uint32_t i) : index(i), timer(ioc) {}
    std::uint32_t index;
    std::uint32_t next_seq = 0;
    BitVector acked;
    boost::asio::steady_timer timer;  // pacing (rate) or echo timeout (closed loop)
    std::chrono::steady_clock::time_point next_due{};
    bool awaiting = false;  // closed loop: waiting for the echo of awaiting_seq
    std::uint32_t awaiting_seq = 0;
  };
  struct Handshake;  // request, response and read buffer; lives only during the handshake
  // A sender's state for the mixed load (conn_events.cpp).
  struct MixState {
    explicit MixState(const Mix& m) : picker(m) {}
    struct Reaction {
      int emoji = 0;    // index into kEmoji of the current / next reaction
      bool on = false;  // my reaction with kEmoji[emoji] is on the message
    };
    MixPicker picker;
    std::shared_ptr<RestClient> rest;
    std::deque<std::int64_t> own;           // my messages (echoed), oldest first
    std::deque<std::int64_t> recent;        // the channel's latest messages, oldest first
    std::unordered_set<std::int64_t> gone;  // deleted, or my delete of it is queued
    std::unordered_map<std::int64_t, Reaction> reactions;  // my reactions per message
    std::int64_t reaction_on = -1;  // the message my last added reaction is on
    std::size_t edit_rr = 0, react_rr = 0;
  };

  // Socket state after the handshake.
  enum class Rd : std::uint8_t {
    open,      // reading frames
    teardown,  // close handshake done (or protocol error): discard input until EOF
    dead,      // socket closed
  };

  void on_connect(boost::beast::error_code ec);
  void on_handshake_written(boost::beast::error_code ec);
  void on_handshake_read(boost::beast::error_code ec);
  void finish_attempt();
  void fail(const std::string& reason);

  // Read side.
  void read_ready();
  std::size_t parse(const char* data, std::size_t size, std::int64_t t);  // returns bytes used
  bool on_frame(unsigned opcode, bool fin, std::string_view payload, std::int64_t t);
  void on_message(std::string_view frame, std::int64_t t);
  void on_close_frame(std::string_view payload);
  void protocol_error(boost::beast::error_code ec, std::uint16_t close_code);
  void io_error(boost::beast::error_code ec);
  void begin_teardown();
  void kill_socket();
  void on_closed(boost::beast::error_code ec);

  void begin_catch_up(std::int64_t last);
  void ask_page();
  void on_page(int status, std::string_view body);
  void end_catch_up(const char* failure);

  void handle_chat(const ScanResult& r, std::int64_t now_ns, bool record_latency = true);
  // Event frames (conn_events.cpp).
  void on_event_frame(std::string_view frame, std::int64_t t);
  void on_event(const EventScan& e, std::int64_t t);
  void on_ready(std::string_view frame, std::int64_t t);
  bool act_one();  // the mixed load's paced step
  bool queue_rest(Action a);
  bool take_ticket();
  void handle_error_frame(std::string_view frame);
  void on_own_echo(std::uint32_t seq);
  bool send_one();
  void send_message();  // builds and sends one message frame (ticket already taken)
  void schedule_paced();
  void closed_loop_next(std::chrono::nanoseconds delay);

  // Write side: frames are encoded (masked) into wq_ and written in order.
  void send_frame(unsigned opcode, std::string_view payload);
  void send_close(std::uint16_t code);
  void flush();

  RunShared& run_;
  WorkerStats& st_;
  const Session& session_;
  std::function<void()> on_done_;
  boost::beast::tcp_stream stream_;
  std::unique_ptr<Handshake> hs_;
  std::unique_ptr<SenderState> sender_;
  std::unique_ptr<MixState> mix_;
  std::string rbuf_;       // bytes of an incomplete frame left over from the last read
  std::string msg_;        // fragments of a message in progress
  std::string wq_;         // encoded frames not yet handed to the socket
  std::string scratch_;    // outgoing message text
  std::string close_why_;  // reason given by the peer's close frame
  ReadPoller* poller_ = nullptr;
  int fd_ = -1;  // the socket, owned by us after the handshake (released from stream_)
  std::uint32_t mask_state_ = 0;
  std::uint16_t close_code_ = 0;
  Rd rd_ = Rd::dead;
  bool in_message_ = false;
  bool attempt_done_ = false;
  bool open_ = false;
  bool open_at_start_ = false;
  bool want_out_ = false;  // waiting for EPOLLOUT to write the rest of wq_
  bool closing_ = false;
  bool close_sent_ = false;
  bool shutdown_after_write_ = false;
  std::int64_t last_id_ = -1;
  std::vector<std::uint32_t> last_seq_;  // per sender, UINT32_MAX = none yet
  BitMatrix seen_;
  SeqTracker track_;  // seqs of run_.channel_id (events mode)
  bool got_ready_ = false;
  bool first_event_seen_ = false;  // since this attempt's connect
  std::int64_t t_start_ns_ = 0, t_request_ns_ = 0, t_101_ns_ = 0;
  std::string path_;  // set by reconnect(); empty: run_.path
  // A resuming gateway's catch-up through the events route.
  bool catching_up_ = false;
  std::int64_t catch_up_to_ = 0;
  std::vector<std::string> held_;  // live frames of the channel that arrived meanwhile
  std::shared_ptr<RestClient> catch_up_rest_;
  int page_failures_ = 0;
  boost::asio::steady_timer retry_timer_{stream_.get_executor()};
};

}  // namespace parley_load

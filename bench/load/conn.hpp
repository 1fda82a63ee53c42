// One WebSocket client connection: connect + handshake with the session cookie, a read loop
// that scans every frame, a write queue, and (for senders) the pacing / closed-loop logic.
// All methods run on the owning worker's io_context thread.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bitsets.hpp"
#include "run_state.hpp"

namespace parley_load {

class Conn : public std::enable_shared_from_this<Conn> {
 public:
  // sender_index < 0: receive only. on_done is called once when the connection attempt has
  // finished (handshake ok or failed).
  Conn(boost::asio::io_context& ioc, RunShared& run, WorkerStats& stats, const std::string& cookie,
       int sender_index, std::function<void()> on_done);

  void start();
  void begin_sending();  // phase kSending has started
  void stop_sending();   // cancel timers
  void close();          // graceful close (phase kClosing)

  bool open() const { return open_; }
  bool open_at_start() const { return open_at_start_; }
  int sender_index() const { return sender_ ? static_cast<int>(sender_->index) : -1; }
  const BitVector* acked() const { return sender_ ? &sender_->acked : nullptr; }
  const BitMatrix& seen() const { return seen_; }

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

  void on_connect(boost::beast::error_code ec);
  void on_handshake(boost::beast::error_code ec);
  void finish_attempt();
  void fail(const std::string& reason);
  void do_read();
  void on_read(boost::beast::error_code ec);
  void on_closed(boost::beast::error_code ec);
  void handle_chat(const ScanResult& r, std::int64_t now_ns);
  void handle_error_frame(std::string_view frame);
  void on_own_echo(std::uint32_t seq);
  bool send_one();
  void schedule_paced();
  void closed_loop_next(std::chrono::nanoseconds delay);
  void enqueue(std::string frame);
  void do_write();
  void do_close();

  RunShared& run_;
  WorkerStats& st_;
  const std::string& cookie_;
  std::function<void()> on_done_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buf_;
  std::unique_ptr<boost::beast::websocket::response_type> res_;
  std::unique_ptr<SenderState> sender_;
  std::deque<std::string> outq_;
  std::string scratch_;
  bool attempt_done_ = false;
  bool open_ = false;
  bool open_at_start_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool close_sent_ = false;
  std::int64_t last_id_ = -1;
  std::vector<std::uint32_t> last_seq_;  // per sender, UINT32_MAX = none yet
  BitMatrix seen_;
};

}  // namespace parley_load

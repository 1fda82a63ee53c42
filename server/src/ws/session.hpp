// One chat socket after its handshake, on its shard for its whole life. It reads client frames
// without a per-socket buffer (readiness wait, then a read into the shard's scratch buffer),
// posts messages through the chat rules, and writes what the Hub delivers from a bounded
// queue, gathering everything queued into one write. Heartbeats come from the Hub's sweep:
// no per-socket timer.
#pragma once
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <string>
#include <vector>

#include "chat/chat_service.hpp"
#include "realtime/hub.hpp"
#include "store/store.hpp"
#include "ws/frame_parser.hpp"
#include "ws/session_info.hpp"
#include "ws/utf8_validator.hpp"

namespace ws {

// What every session of a server shares.
struct SessionServices {
  realtime::Hub& hub;
  chat::ChatService& chat;
  store::Store& store;
  boost::asio::thread_pool& db_pool;
  SessionLimits limits;
  std::atomic<bool> stopping{false};
};

class Session final : public realtime::Subscriber, public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<SessionServices> services, boost::asio::ip::tcp::socket socket,
          SessionInfo info);
  ~Session() override;

  // Writes the handshake's 101 response (its first bytes) and then, when admitted (close_code
  // 0), subscribes, replays when resuming, and reads. Otherwise the socket only closes with
  // close_code (4001, 4004, 1001). An admitted socket is subscribed before its 101 leaves, so
  // a client that has seen its connection open misses no message sent after that.
  void start(std::uint16_t close_code, realtime::Wire handshake_response);

  void deliver(const realtime::ChannelEvent& event) override;
  bool stage(realtime::SendBatch& batch) override;
  void sent(long result) override;
  // Writes what is queued now (replies, pings, close frames: anything outside a fan-out).
  void flush();
  void close(std::uint16_t code) override;
  bool sweep() override;
  std::int64_t session_id() const override { return info_.session_id; }

 private:
  enum class State : std::uint8_t { open, closing, closed };
  struct PendingPost {
    std::string text;
    std::string nonce;
    bool typing = false;
  };
  struct Held {
    chat::Id message_id;
    realtime::Wire wire;
  };

  // Reading
  void wait_readable();
  void on_readable();
  std::size_t consume(char* data, std::size_t size);
  void consume_partial();
  void on_frame(const ClientFrame& frame);
  void on_peer_close(const ClientFrame& frame);
  void on_message(std::uint8_t opcode, std::string_view payload);
  void fail(std::uint16_t code);

  // Posting
  void post(std::string text, std::string nonce);
  void typing();
  bool membership_fresh() const;
  void refresh_membership(PendingPost pending);
  void finish(PendingPost pending);
  void reply_error(chat::PostError error, std::string_view nonce);
  void reply_bad_frame(std::string_view detail, std::string_view nonce = {});

  // Writing
  void enqueue(realtime::Wire wire);
  void enqueue_control(realtime::Wire wire);
  void overflow();
  void start_close(std::uint16_t code);  // queues the close frame; the caller flushes
  void write_queued();
  void take_queue();
  std::vector<boost::asio::const_buffer> inflight_buffers() const;
  void write_rest(std::vector<boost::asio::const_buffer> buffers, std::size_t sent);
  void on_written(const boost::system::error_code& ec);
  void after_writes();
  void teardown();

  // Resume
  void replay_next();

  std::shared_ptr<SessionServices> services_;
  boost::asio::ip::tcp::socket socket_;
  SessionInfo info_;
  std::size_t shard_ = 0;

  State state_ = State::open;
  bool torn_down_ = false;
  bool paused_ = false;  // reading waits for a membership check
  bool in_message_ = false;
  std::uint8_t message_opcode_ = 0;
  Utf8Validator utf8_;  // the text message being read (one byte of state)
  bool writing_ = false;
  bool teardown_after_write_ = false;
  bool rx_seen_ = false;
  bool ping_outstanding_ = false;
  std::uint8_t closing_sweeps_ = 0;
  bool replaying_ = false;
  bool replay_waiting_ = false;

  std::string partial_;  // bytes of an incomplete frame (empty, unallocated when idle)
  std::string message_;  // a fragmented message being assembled
  std::vector<realtime::Wire> queue_;
  std::size_t queued_bytes_ = 0;
  std::vector<realtime::Wire> inflight_;
  std::vector<Held> held_;  // live events that arrived during a replay
  chat::Id last_replayed_ = 0;

  std::chrono::steady_clock::time_point membership_checked_;
};

}  // namespace ws

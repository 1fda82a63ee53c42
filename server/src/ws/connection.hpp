// One WebSocket after its handshake, on its shard for its whole life: RFC 6455 framing, the
// bounded write queue and the close handshake. It reads client frames without a per-socket
// buffer (readiness wait, then a read into the shard's scratch buffer) and writes what is
// queued in one gathered write; heartbeats come from the Hub's sweep (no per-socket timer).
// What the messages mean is the protocol's: ChannelSession (the original and Parley channel
// protocols) and GatewaySession derive from it.
#pragma once
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <string>
#include <vector>

#include "chat/chat_service.hpp"
#include "metrics/metrics.hpp"
#include "presence/presence_tracker.hpp"
#include "realtime/hub.hpp"
#include "store/store.hpp"
#include "ws/frame_parser.hpp"
#include "ws/session_info.hpp"
#include "ws/utf8_validator.hpp"

namespace ws {

// What every socket of a server shares.
struct SessionServices {
  realtime::Hub& hub;
  chat::ChatService& chat;
  store::Store& store;
  boost::asio::thread_pool& db_pool;
  presence::PresenceTracker& presence;  // every admitted socket counts its user online
  SessionLimits limits;
  std::atomic<bool> stopping{false};
};

class Connection : public realtime::Subscriber, public std::enable_shared_from_this<Connection> {
 public:
  Connection(std::shared_ptr<SessionServices> services, boost::asio::ip::tcp::socket socket,
             SessionInfo info);
  ~Connection() override;

  // Writes the handshake's 101 response (its first bytes). Admitted (close_code 0): the
  // protocol subscribes first (on_admitted), so a client that has seen its connection open
  // misses nothing sent after that, then reading starts. Otherwise the socket only closes
  // with close_code (4001, 4004, 1001).
  void start(std::uint16_t close_code, realtime::Wire handshake_response);

  // realtime::Subscriber
  void deliver(const realtime::Delivery& event) override;
  bool stage(realtime::SendBatch& batch) override;
  void sent(long result) override;
  void close(std::uint16_t code) override;
  bool sweep() override;
  std::int64_t session_id() const override { return info_.session_id; }
  model::Id user_id() const override { return info_.user_id; }

  // Writes what is queued now (replies, pings, close frames: anything outside a fan-out).
  void flush();

 protected:
  // Subscribe, before the 101 leaves.
  virtual void on_admitted() = 0;
  // After the 101 is queued (replays start here).
  virtual void on_started() {}
  // A complete text message from the client (fragments joined).
  virtual void on_text(std::string_view payload) = 0;
  // A complete binary message.
  virtual void on_binary() {}
  // A delivery from the Hub while open (enqueue what the protocol sends of it).
  virtual void on_delivery(const realtime::Delivery& event) = 0;
  // Everything queued has been written.
  virtual void on_drained() {}
  // Closing: forget what a replay or a pending change would still send.
  virtual void on_closing() {}

  bool is_open() const { return state_ == State::open; }
  bool torn_down() const { return torn_down_; }
  bool writing() const { return writing_; }
  bool queue_empty() const { return queue_.empty(); }
  // Queues a frame under the queue's limits (a reader that falls too far behind is closed
  // with 1008); control frames bypass the limits.
  void enqueue(realtime::Wire wire);
  void enqueue_control(realtime::Wire wire);
  void overflow();
  // Reading waits (a membership check, a replay) until resume_reading.
  void pause_reading() { paused_ = true; }
  void resume_reading();
  std::size_t shard() const { return shard_; }
  boost::asio::any_io_executor executor() { return socket_.get_executor(); }
  template <class T>
  std::shared_ptr<T> self() {
    return std::static_pointer_cast<T>(shared_from_this());
  }

  std::shared_ptr<SessionServices> services_;
  SessionInfo info_;
  metrics::OpenWebSocket open_metric_{
      info_.protocol == Protocol::original  ? metrics::WsKind::original
      : info_.protocol == Protocol::gateway ? metrics::WsKind::gateway
                                            : metrics::WsKind::parley};

 private:
  enum class State : std::uint8_t { open, closing, closed };

  // Reading (connection_read.cpp)
  void wait_readable();
  void on_readable();
  std::size_t consume(char* data, std::size_t size);
  void consume_partial();
  void on_frame(const ClientFrame& frame);
  void on_peer_close(const ClientFrame& frame);
  void on_message(std::uint8_t opcode, std::string_view payload);
  void fail(std::uint16_t code);

  // Writing (connection_write.cpp)
  void start_close(std::uint16_t code);  // queues the close frame; the caller flushes
  void write_queued();
  void take_queue();
  std::vector<boost::asio::const_buffer> inflight_buffers() const;
  void write_rest(std::vector<boost::asio::const_buffer> buffers, std::size_t sent);
  void on_written(const boost::system::error_code& ec);
  void after_writes();
  void teardown();
  // Gives up on a peer that does not read (it never answered our close, or our ping). With
  // bytes still unsent the connection is reset, so their buffer is freed at once, not kept by
  // an orphaned socket until its retransmissions time out.
  void abandon(const char* why);
  void stop_counting_present();

  boost::asio::ip::tcp::socket socket_;
  std::size_t shard_ = 0;

  State state_ = State::open;
  bool torn_down_ = false;
  bool paused_ = false;
  bool in_message_ = false;
  std::uint8_t message_opcode_ = 0;
  Utf8Validator utf8_;  // the text message being read, fragment by fragment
  bool writing_ = false;
  bool teardown_after_write_ = false;
  bool rx_seen_ = false;
  bool counted_present_ = false;  // presence was told of this socket (and must be of its end)
  bool ping_outstanding_ = false;
  std::uint8_t closing_sweeps_ = 0;

  std::string partial_;  // bytes of an incomplete frame (empty, unallocated when idle)
  std::string message_;  // a fragmented message being assembled
  std::vector<realtime::Wire> queue_;
  std::size_t queued_bytes_ = 0;
  std::vector<realtime::Wire> inflight_;
};

}  // namespace ws

#include "ws/connection.hpp"

#include "util/log.hpp"

namespace ws {
namespace asio = boost::asio;

Connection::Connection(std::shared_ptr<SessionServices> services, asio::ip::tcp::socket socket,
                       SessionInfo info)
    : services_(std::move(services)), info_(std::move(info)), socket_(std::move(socket)) {
  shard_ = services_->hub.shard_index(socket_.get_executor().context());
}

Connection::~Connection() {
  if (!torn_down_) services_->hub.remove(shard_, this);
  stop_counting_present();
}

void Connection::stop_counting_present() {
  if (!counted_present_) return;
  counted_present_ = false;
  services_->presence.socket_closed(info_.user_id);
}

void Connection::start(std::uint16_t close_code, realtime::Wire handshake_response) {
  boost::system::error_code ec;
  socket_.non_blocking(true, ec);
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  socket_.set_option(asio::socket_base::send_buffer_size(services_->limits.socket_send_buffer), ec);
  if (services_->stopping.load()) close_code = 1001;
  if (close_code != 0) {
    services_->hub.add(shard_, this);  // swept, so a silent peer does not linger
    enqueue_control(std::move(handshake_response));
    flush();  // out of the queue before the close drops what is queued
    close(close_code);
    wait_readable();
    return;
  }
  services_->hub.add(shard_, this);
  counted_present_ = true;  // before any frame of the client can choose a status
  services_->presence.socket_opened(info_.user_id);
  on_admitted();
  enqueue_control(std::move(handshake_response));  // ahead of every delivery
  flush();
  on_started();
  if (!torn_down_ && !paused_) wait_readable();
}

void Connection::deliver(const realtime::Delivery& event) {
  if (state_ != State::open) return;
  on_delivery(event);
}

}  // namespace ws

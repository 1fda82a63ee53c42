// Read readiness of a worker's WebSocket sockets. asio's own reactor would cost, per frame,
// one epoll event + one handler + either an epoll_ctl (async_wait re-arms with EPOLL_CTL_MOD)
// or an extra EAGAIN recv (async_read_some reads speculatively first). Instead the sockets,
// once past the handshake, are taken out of asio (socket::release) and put into this
// level-triggered epoll set; asio waits on the set's own fd, and one wake-up handles every
// ready socket with one recv each (more while a read fills the whole scratch buffer). A
// socket whose writes would block also waits here for EPOLLOUT. One per io_context
// (asio service), used only from that io_context's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <cstddef>
#include <cstdint>

namespace parley_load {

class Conn;

class ReadPoller : public boost::asio::io_context::service {
 public:
  static inline boost::asio::io_context::id id;

  explicit ReadPoller(boost::asio::io_context& ioc);

  void add(int fd, Conn* c);
  void want_write(int fd, Conn* c, bool on);
  void remove(int fd);  // before closing fd

 private:
  void shutdown() override;
  void ctl(int op, int fd, std::uint32_t events, Conn* c);
  void arm();
  void poll();

  int ep_;
  boost::asio::posix::stream_descriptor pd_;
  std::size_t count_ = 0;
  bool armed_ = false;
};

}  // namespace parley_load

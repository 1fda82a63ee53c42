#include "read_poller.hpp"

#include <sys/epoll.h>

#include <stdexcept>

#include "conn.hpp"

namespace parley_load {

namespace asio = boost::asio;

ReadPoller::ReadPoller(asio::io_context& ioc)
    : asio::io_context::service(ioc), ep_(::epoll_create1(EPOLL_CLOEXEC)), pd_(ioc) {
  if (ep_ < 0) throw std::runtime_error("epoll_create1 failed");
  pd_.assign(ep_);
}

void ReadPoller::add(int fd, Conn* c) {
  ctl(EPOLL_CTL_ADD, fd, EPOLLIN, c);
  ++count_;
  arm();
}

void ReadPoller::want_write(int fd, Conn* c, bool on) {
  ctl(EPOLL_CTL_MOD, fd, on ? EPOLLIN | EPOLLOUT : EPOLLIN, c);
}

void ReadPoller::remove(int fd) {
  ::epoll_ctl(ep_, EPOLL_CTL_DEL, fd, nullptr);
  --count_;
}

void ReadPoller::shutdown() {
  boost::system::error_code ignore;
  pd_.close(ignore);  // closes ep_
}

void ReadPoller::ctl(int op, int fd, std::uint32_t events, Conn* c) {
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = c;
  ::epoll_ctl(ep_, op, fd, &ev);
}

void ReadPoller::arm() {
  if (armed_ || count_ == 0 || !pd_.is_open()) return;
  armed_ = true;
  pd_.async_wait(asio::posix::stream_descriptor::wait_read, [this](boost::system::error_code ec) {
    armed_ = false;
    if (ec) return;
    poll();
  });
}

void ReadPoller::poll() {
  epoll_event evs[256];
  for (int round = 0; round < 4; ++round) {
    const int n = ::epoll_wait(ep_, evs, 256, 0);
    for (int i = 0; i < n; ++i) static_cast<Conn*>(evs[i].data.ptr)->on_poll(evs[i].events);
    if (n < 256) break;
  }
  arm();
}

}  // namespace parley_load

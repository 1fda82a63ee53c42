#include "flooders.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace parley_load {

using Clock = std::chrono::steady_clock;

namespace {

sockaddr_storage address_of(const Target& t, socklen_t& len) {
  const auto& ep = t.endpoints.front();
  sockaddr_storage ss{};
  len = static_cast<socklen_t>(ep.size());
  std::memcpy(&ss, ep.data(), ep.size());
  return ss;
}

int new_socket(const Target& t) {
  return ::socket(t.endpoints.front().protocol().family(), SOCK_STREAM | SOCK_CLOEXEC, 0);
}

// A blocking read of the upgrade response (until the blank line), within `timeout_ms`;
// returns the status line's code (0 on failure).
int read_upgrade_response(int fd, int timeout_ms) {
  std::string got;
  const auto end = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (got.find("\r\n\r\n") == std::string::npos && got.size() < 16384) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
    if (left <= 0) return 0;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return 0;
    // Byte by byte up to the blank line: the frames behind it stay in the socket, unread.
    char c;
    const ssize_t n = ::recv(fd, &c, 1, 0);
    if (n <= 0) return 0;
    got.push_back(c);
  }
  if (got.rfind("HTTP/1.1 ", 0) != 0 || got.size() < 12) return 0;
  return std::atoi(got.c_str() + 9);
}

// Walks a server's (unmasked) frames and remembers a close frame's code.
struct FrameWalker {
  std::string buf;
  int close_code = -1;
  void feed(const char* p, std::size_t n) {
    buf.append(p, n);
    std::size_t pos = 0;
    for (;;) {
      const std::size_t avail = buf.size() - pos;
      if (avail < 2) break;
      const auto* b = reinterpret_cast<const unsigned char*>(buf.data() + pos);
      std::size_t hdr = 2;
      std::uint64_t len = b[1] & 0x7f;
      if (len == 126) {
        hdr = 4;
        if (avail < hdr) break;
        len = (std::uint64_t{b[2]} << 8) | b[3];
      } else if (len == 127) {
        hdr = 10;
        if (avail < hdr) break;
        len = 0;
        for (int i = 0; i < 8; ++i) len = (len << 8) | b[2 + i];
      }
      if (avail - hdr < len) break;
      if ((b[0] & 0x0f) == 0x8)
        close_code = len >= 2 ? (b[hdr] << 8) | b[hdr + 1] : 1005;  // 1005: no code given
      pos += hdr + static_cast<std::size_t>(len);
    }
    buf.erase(0, pos);
  }
};

}  // namespace

Flooders::Flooders(const Target& target, FlooderConfig cfg)
    : target_(target), cfg_(std::move(cfg)) {
  ep_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (ep_ < 0) throw std::runtime_error("epoll_create1 failed");
}

Flooders::~Flooders() {
  if (thread_.joinable()) {
    stop_ = true;
    thread_.join();
  }
  for (auto& [fd, h] : half_) ::close(fd);
  for (int fd : slow_) ::close(fd);
  ::close(ep_);
}

void Flooders::start() {
  socklen_t alen = 0;
  const sockaddr_storage addr = address_of(target_, alen);
  for (int i = 0; i < cfg_.slow_readers; ++i) {
    const int fd = new_socket(target_);
    if (fd < 0) {
      ++rep_.slow_failures["socket: " + std::string(std::strerror(errno))];
      continue;
    }
    // A small receive buffer: a slow phone, not a fast server with megabytes of buffer.
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &cfg_.slow_rcvbuf, sizeof cfg_.slow_rcvbuf);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), alen) != 0) {
      ++rep_.slow_failures["connect: " + std::string(std::strerror(errno))];
      ::close(fd);
      continue;
    }
    const std::string& cookie = cfg_.cookies[static_cast<std::size_t>(i) % cfg_.cookies.size()];
    const std::string req = "GET " + cfg_.slow_path + " HTTP/1.1\r\nHost: " + target_.host_header +
                            "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            "Sec-WebSocket-Version: 13\r\nCookie: " +
                            cookie + "\r\n\r\n";
    const int code =
        ::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())
            ? read_upgrade_response(fd, 10000)
            : 0;
    if (code != 101) {
      ++rep_.slow_failures[code ? "http " + std::to_string(code) : "handshake failed"];
      ::close(fd);
      continue;
    }
    slow_.push_back(fd);  // and never read again until stop()
  }
  rep_.slow_open = static_cast<int>(slow_.size());
  thread_ = std::thread([this] { run(); });
}

void Flooders::open_half_open() {
  const int fd = new_socket(target_);
  if (fd < 0) {
    ++rep_.connect_failed;
    return;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  socklen_t alen = 0;
  const sockaddr_storage addr = address_of(target_, alen);
  ++opens_;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), alen) != 0 && errno != EINPROGRESS) {
    ++rep_.connect_failed;
    ::close(fd);
    return;
  }
  epoll_event ev{};
  ev.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
  ev.data.fd = fd;
  ::epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev);
  half_[fd] = HalfOpen{Clock::now(), false, {}};
  ++live_;
}

void Flooders::on_half_open_event(int fd, std::uint32_t events) {
  auto it = half_.find(fd);
  if (it == half_.end()) return;
  HalfOpen& h = it->second;
  bool gone = false;
  if (!h.connected && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
    int err = 0;
    socklen_t el = sizeof err;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el);
    if (err != 0) {
      ++rep_.connect_failed;
      gone = true;
    } else {
      h.connected = true;
      ++rep_.opened;
      static const std::string head =
          "GET /api/account/me/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: parley-load-flood\r\n";
      const auto n =
          std::min<std::size_t>(static_cast<std::size_t>(cfg_.half_open_bytes), head.size());
      if (n > 0) (void)::send(fd, head.data(), n, MSG_NOSIGNAL);
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP;
      ev.data.fd = fd;
      ::epoll_ctl(ep_, EPOLL_CTL_MOD, fd, &ev);
      return;
    }
  }
  if (!gone && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) {
    char buf[512];
    for (;;) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) {
        if (h.answer.size() < 64) h.answer.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      gone = true;  // EOF or reset: the server closed it
      break;
    }
    if (!gone) return;
    ++rep_.closed_by_server;
    if (h.answer.rfind("HTTP/1.1 408", 0) == 0)
      ++rep_.got_408;
    else if (!h.answer.empty())
      ++rep_.got_other;
    rep_.lifetimes_s.push_back(std::chrono::duration<double>(Clock::now() - h.opened).count());
  }
  if (!gone) return;
  ::epoll_ctl(ep_, EPOLL_CTL_DEL, fd, nullptr);
  ::close(fd);
  half_.erase(it);
  --live_;
}

void Flooders::run() {
  epoll_event evs[256];
  // Connects are paced (--flood-open-rate): the tool shares the machine with the server, and
  // a burst of thousands of connects at once would measure the tool's own CPU burst.
  const auto t0 = Clock::now();
  while (!stop_) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    const auto allowed = static_cast<std::uint64_t>(elapsed * cfg_.open_rate) + 1;
    while (opens_ < allowed && live_.load() < cfg_.half_open && opens_ < cfg_.max_opens)
      open_half_open();
    const int n = ::epoll_wait(ep_, evs, 256, 10);
    for (int i = 0; i < n; ++i) on_half_open_event(evs[i].data.fd, evs[i].events);
  }
}

void Flooders::drain_slow_readers(double drain_s) {
  std::vector<FrameWalker> walkers(slow_.size());
  std::vector<bool> ended(slow_.size(), false);
  std::vector<char> buf(256 * 1024);
  for (int fd : slow_) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(drain_s));
  std::size_t open = slow_.size();
  while (open > 0 && Clock::now() < end) {
    bool any = false;
    for (std::size_t i = 0; i < slow_.size(); ++i) {
      if (ended[i]) continue;
      for (;;) {
        const ssize_t n = ::recv(slow_[i], buf.data(), buf.size(), 0);
        if (n > 0) {
          any = true;
          rep_.slow_bytes += static_cast<std::uint64_t>(n);
          walkers[i].feed(buf.data(), static_cast<std::size_t>(n));
          continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        ended[i] = true;  // EOF or reset
        --open;
        ++rep_.slow_endings[walkers[i].close_code >= 0
                                ? "close " + std::to_string(walkers[i].close_code)
                                : std::string(n == 0 ? "eof without close frame" : "reset")];
        break;
      }
    }
    if (!any) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (std::size_t i = 0; i < slow_.size(); ++i)
    if (!ended[i])
      ++rep_.slow_endings[walkers[i].close_code >= 0
                              ? "close " + std::to_string(walkers[i].close_code) + ", not closed"
                              : std::string("still open")];
}

FlooderReport Flooders::stop(double drain_s) {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  for (auto& [fd, h] : half_) ::close(fd);
  half_.clear();
  live_ = 0;
  drain_slow_readers(drain_s);
  for (int fd : slow_) ::close(fd);
  slow_.clear();
  return rep_;
}

}  // namespace parley_load

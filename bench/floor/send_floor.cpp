// parley-send-floor: what one small loopback TCP write costs this machine's kernel, with no
// server around it. It is the floor under Parley's "server CPU per delivery": a fan-out that
// writes each frame to each socket cannot cost less than this per delivery.
//
// A child process holds N client sockets and drains them with epoll (it plays the load
// tool). The parent writes one B-byte frame to each of its N accepted sockets per round, the
// rounds paced like a chat channel's messages, and reports its own CPU (getrusage: user +
// system, which includes the loopback receive work the kernel runs in the writer's context,
// exactly as it does for the server).
#include <arpa/inet.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

struct Options {
  int connections = 100;
  int rounds = 5000;
  int interval_us = 1000;  // between rounds: 1,000 rounds/s is 1,000 msgs/s into the channel
  int bytes = 300;         // about one Parley chat frame
  bool io_uring = false;   // one io_uring submission per round instead of one send per socket
};

const char* kUsage =
    "usage: parley-send-floor [--connections N] [--rounds R] [--interval-us U] [--bytes B]\n"
    "                         [--io-uring]\n"
    "\n"
    "Measures the CPU one loopback TCP write of B bytes costs on this machine: R rounds, each\n"
    "writing B bytes to each of N sockets, U microseconds apart; a child process reads them\n"
    "all with epoll. Prints the writer's CPU per write (user + system) and the reader's.\n"
    "--io-uring submits each round's writes together through io_uring, as Parley's fan-out\n"
    "does (one system call per round instead of one per socket).\n"
    "Defaults: --connections 100 --rounds 5000 --interval-us 1000 --bytes 300.\n";

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "parley-send-floor: %s\n\n%s", message.c_str(), kUsage);
  std::exit(2);
}

int parse_int(const char* name, const char* text, int low, int high) {
  char* end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (!*text || *end || value < low || value > high) {
    usage_error(std::string(name) + " must be an integer in [" + std::to_string(low) + ", " +
                std::to_string(high) + "]");
  }
  return static_cast<int>(value);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
    if (a == "--io-uring") {
      o.io_uring = true;
      continue;
    }
    if (i + 1 >= argc) usage_error("missing value after " + std::string(a));
    const char* v = argv[++i];
    if (a == "--connections") {
      o.connections = parse_int("--connections", v, 1, 10000);
    } else if (a == "--rounds") {
      o.rounds = parse_int("--rounds", v, 1, 10000000);
    } else if (a == "--interval-us") {
      o.interval_us = parse_int("--interval-us", v, 0, 10000000);
    } else if (a == "--bytes") {
      o.bytes = parse_int("--bytes", v, 1, 65536);
    } else {
      usage_error("unknown option " + std::string(a));
    }
  }
  return o;
}

double cpu_seconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  auto seconds = [](timeval t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void die(const char* what) {
  std::perror(what);
  std::exit(1);
}

// The child: connects N sockets and reads until every one is closed.
[[noreturn]] void run_reader(const sockaddr_in& address, int connections) {
  int epoll = epoll_create1(0);
  if (epoll < 0) die("epoll_create1");
  for (int i = 0; i < connections; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
      die("connect");
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) != 0) die("epoll_ctl");
  }
  std::vector<char> buffer(1 << 16);
  std::vector<epoll_event> events(256);
  long bytes = 0;
  for (int open = connections; open > 0;) {
    int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), -1);
    for (int i = 0; i < n; ++i) {
      ssize_t got = recv(events[i].data.fd, buffer.data(), buffer.size(), 0);
      if (got <= 0) {
        close(events[i].data.fd);
        --open;
      } else {
        bytes += got;
      }
    }
  }
  std::printf("reader        %ld bytes read\n", bytes);
  std::fflush(stdout);
  std::_Exit(0);
}

// One round through io_uring, in submissions of at most the ring's size; the writes that
// sent everything.
long send_round_io_uring(io_uring& ring, const std::vector<int>& sockets,
                         const std::string& frame) {
  long complete = 0;
  for (std::size_t start = 0; start < sockets.size(); start += 4096) {
    std::size_t end = std::min(sockets.size(), start + 4096);
    for (std::size_t i = start; i < end; ++i) {
      io_uring_prep_send(io_uring_get_sqe(&ring), sockets[i], frame.data(), frame.size(),
                         MSG_DONTWAIT);
    }
    auto count = static_cast<unsigned>(end - start);
    unsigned seen = 0;
    while (seen < count) {
      if (io_uring_submit_and_wait(&ring, 1) < 0) die("io_uring_submit_and_wait");
      unsigned head = 0;
      unsigned batch = 0;
      io_uring_cqe* cqe = nullptr;
      io_uring_for_each_cqe(&ring, head, cqe) {
        if (cqe->res == static_cast<int>(frame.size())) ++complete;
        ++batch;
      }
      io_uring_cq_advance(&ring, batch);
      seen += batch;
    }
  }
  return complete;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener, 4096) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    die("listen");

  pid_t reader = fork();
  if (reader < 0) die("fork");
  if (reader == 0) run_reader(address, o.connections);

  std::vector<int> sockets;
  for (int i = 0; i < o.connections; ++i) {
    int fd = accept(listener, nullptr, nullptr);
    if (fd < 0) die("accept");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // as Parley's sockets
    sockets.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let the reader settle

  std::string frame(static_cast<std::size_t>(o.bytes), 'x');
  io_uring ring{};
  if (o.io_uring && io_uring_queue_init(4096, &ring, 0) != 0) {
    std::fprintf(stderr, "parley-send-floor: io_uring is not available here\n");
    return 1;
  }
  long writes = 0;
  double cpu_before = cpu_seconds(RUSAGE_SELF);
  auto start = std::chrono::steady_clock::now();
  auto next = start;
  for (int round = 0; round < o.rounds; ++round) {
    if (o.io_uring) {
      writes += send_round_io_uring(ring, sockets, frame);
    } else {
      for (int fd : sockets) {
        if (send(fd, frame.data(), frame.size(), MSG_DONTWAIT) ==
            static_cast<ssize_t>(frame.size()))
          ++writes;
      }
    }
    next += std::chrono::microseconds(o.interval_us);
    std::this_thread::sleep_until(next);
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = cpu_seconds(RUSAGE_SELF) - cpu_before;
  for (int fd : sockets) close(fd);
  int status = 0;
  waitpid(reader, &status, 0);
  double reader_cpu = cpu_seconds(RUSAGE_CHILDREN);

  if (o.io_uring) io_uring_queue_exit(&ring);
  std::printf("config        %d sockets, %d rounds %d us apart, %d-byte writes%s\n", o.connections,
              o.rounds, o.interval_us, o.bytes,
              o.io_uring ? ", one io_uring submission per round" : "");
  std::printf("writes        %ld of %ld complete (%.0f writes/s over %.2f s)\n", writes,
              static_cast<long>(o.rounds) * o.connections, writes / wall, wall);
  std::printf("writer CPU    %.3f s: %.2f us per write (the floor per delivery)\n", cpu,
              writes ? cpu * 1e6 / static_cast<double>(writes) : 0.0);
  std::printf("reader CPU    %.3f s: %.2f us per write received\n", reader_cpu,
              writes ? reader_cpu * 1e6 / static_cast<double>(writes) : 0.0);
  return writes == static_cast<long>(o.rounds) * o.connections ? 0 : 1;
}

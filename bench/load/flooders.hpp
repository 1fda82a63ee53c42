// The bad clients of the flood benchmark, on one thread of their own (epoll, plain
// non-blocking sockets): half-open HTTP connections that send part of a request header (or
// nothing) and then wait, re-opened when the server closes them so that their number holds;
// and WebSockets that finish their handshake on a busy channel and then never read, so the
// server's queue to them fills. Bounded: at most `max_opens` half-open connects in all, and
// everything stops at stop().
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "target.hpp"

namespace parley_load {

struct FlooderConfig {
  int half_open = 0;
  int half_open_bytes = 0;      // of the request header sent before going quiet
  std::uint64_t max_opens = 0;  // half-open connects in all (re-opens included)
  double open_rate = 5000;      // half-open connects per second at most
  int slow_readers = 0;
  std::string slow_path;             // /ws/{s}/{c}
  std::vector<std::string> cookies;  // slow reader i uses cookies[i % size]
  int slow_rcvbuf = 16 * 1024;       // the slow readers' receive buffer (SO_RCVBUF)
};

struct FlooderReport {
  std::uint64_t opened = 0;            // half-open connects that succeeded
  std::uint64_t connect_failed = 0;    // refused or failed connects
  std::uint64_t closed_by_server = 0;  // half-open connections the server closed
  std::uint64_t got_408 = 0;           // ... after answering 408
  std::uint64_t got_other = 0;         // ... after answering something else
  std::vector<double> lifetimes_s;     // connect to close by the server (half-open)
  int slow_open = 0;                   // slow readers past their handshake
  std::map<std::string, std::uint64_t> slow_failures;
  // Slow readers, read out after stop(): how their stream ended.
  std::map<std::string, std::uint64_t> slow_endings;  // "close 1008", "open", "eof", ...
  std::uint64_t slow_bytes = 0;                       // bytes they had not read when read out
};

class Flooders {
 public:
  Flooders(const Target& target, FlooderConfig cfg);
  ~Flooders();

  // Opens the slow readers (blocking handshakes, in order), then starts the thread that
  // opens and keeps the half-open connections. Returns once the slow readers are open.
  void start();
  int half_open_now() const { return live_.load(); }
  // Stops the thread; the slow readers are then read out (up to `drain_s` seconds) to see
  // whether the server closed them and with which code; every socket is closed.
  FlooderReport stop(double drain_s);

 private:
  void run();
  void open_half_open();
  void on_half_open_event(int fd, std::uint32_t events);
  void drain_slow_readers(double drain_s);

  const Target& target_;
  FlooderConfig cfg_;
  FlooderReport rep_;
  int ep_ = -1;
  std::vector<int> slow_;  // descriptors of the slow readers
  struct HalfOpen {
    std::chrono::steady_clock::time_point opened;
    bool connected = false;
    std::string answer;  // the first bytes the server sent
  };
  std::map<int, HalfOpen> half_;
  std::uint64_t opens_ = 0;
  std::atomic<int> live_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace parley_load

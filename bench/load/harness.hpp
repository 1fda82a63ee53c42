// Worker threads (one io_context each), connection set-up with bounded concurrency,
// phase changes, graceful close, and live totals for the progress line.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "conn.hpp"
#include "run_state.hpp"
#include "users.hpp"

namespace parley_load {

struct Totals {
  std::uint64_t attempted = 0, handshakes_ok = 0, failed = 0, dropped = 0, sent = 0, acked = 0,
                resolved_without_echo = 0, received = 0, ready = 0, events = 0, rest_submitted = 0,
                rest_resolved = 0, rest_ok = 0;
  std::int64_t open = 0;
};

class Worker {
 public:
  Worker() : guard_(boost::asio::make_work_guard(ioc)) {}
  boost::asio::io_context ioc{1};
  WorkerStats stats;
  std::vector<std::shared_ptr<Conn>> conns;
  std::size_t next_start = 0;
  int inflight = 0;
  int max_inflight = 1;
  std::thread thread;
  void release() { guard_.reset(); }

  // Reconnect storm (Harness::storm): connections to start again, by due time; a refused
  // attempt is due again after a pause, at most `storm_retries` times per connection.
  bool storming = false;
  std::multimap<std::chrono::steady_clock::time_point, Conn*> due;
  std::map<Conn*, int> retries;
  int storm_retries = 0;
  std::function<std::string(Conn&)> resume_path;
  boost::asio::steady_timer pacer{ioc};
  bool pacer_armed = false;

 private:
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
};

class Harness {
 public:
  // Creates `connections` connections spread round-robin over `threads` workers; connection i
  // uses sessions[i % sessions.size()] and sends when i < senders.
  Harness(RunShared& run, const std::vector<Session>& sessions, int connections, int senders,
          int threads, int connect_concurrency);
  ~Harness();

  void start_threads();
  // Starts connecting; returns when every attempt has finished or `deadline_s` passed.
  // `tick` is called about every 100 ms with the elapsed seconds.
  void connect_all(double deadline_s, const std::function<void(double)>& tick);
  // Runs f(conn) for every connection on its worker thread and waits until done.
  void for_each_conn(const std::function<void(Conn&)>& f);
  // Runs f(worker) on each worker's thread and waits until done.
  void for_each_worker(const std::function<void(Worker&)>& f);
  // The storm: on every worker at once, drops every open connection with index >= `first`,
  // then connects each again at a random moment within `spread_s` seconds, on the path
  // `resume_path(conn)` gives, at most `concurrency` attempts in flight in all; a refused
  // attempt is tried again after `retry_pause_s`, up to `retries` times. Returns how many
  // were dropped.
  std::uint64_t storm(int first, double spread_s, int concurrency, int retries,
                      double retry_pause_s, std::function<std::string(Conn&)> resume_path);
  // True once every storm reconnection has been attempted (and retried) and none is in flight.
  bool storm_settled();
  // Graceful close of all sockets, waits up to timeout_s, then stops and joins the threads.
  void shutdown(double timeout_s);

  Totals totals() const;
  std::vector<std::unique_ptr<Worker>>& workers() { return workers_; }
  int connections() const { return connections_; }

 private:
  void start_more(Worker& w);
  void storm_more(Worker& w);
  void attempt_done(Worker& w, std::size_t index);
  double retry_pause_s_ = 1.0;

  RunShared& run_;
  int connections_;
  std::vector<std::unique_ptr<Worker>> workers_;
  bool stopped_ = false;
};

// Sleeps until `seconds` have passed or `done()` is true, calling tick(elapsed) every ~100 ms.
void wait_for(double seconds, const std::function<bool()>& done,
              const std::function<void(double)>& tick);

}  // namespace parley_load

#include "harness.hpp"

#include <boost/asio/post.hpp>

#include <chrono>
#include <latch>

namespace parley_load {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

Harness::Harness(RunShared& run, const std::vector<Session>& sessions, int connections, int senders,
                 int threads, int connect_concurrency)
    : run_(run), connections_(connections) {
  for (int t = 0; t < threads; ++t) {
    workers_.push_back(std::make_unique<Worker>());
    workers_.back()->max_inflight = std::max(1, connect_concurrency / threads);
  }
  for (int i = 0; i < connections; ++i) {
    Worker& w = *workers_[static_cast<std::size_t>(i % threads)];
    Worker* wp = &w;
    w.conns.push_back(std::make_shared<Conn>(
        w.ioc, run_, w.stats, sessions[static_cast<std::size_t>(i) % sessions.size()],
        i < senders ? i : -1, [this, wp] {
          --wp->inflight;
          start_more(*wp);
        }));
    if (!run_.nodes.empty()) w.conns.back()->node = run_.node_of(static_cast<std::size_t>(i));
  }
}

Harness::~Harness() {
  shutdown(0);
}

void Harness::start_threads() {
  for (auto& w : workers_) {
    Worker* wp = w.get();
    w->thread = std::thread([wp] { wp->ioc.run(); });
  }
}

void Harness::start_more(Worker& w) {
  while (w.inflight < w.max_inflight && w.next_start < w.conns.size()) {
    ++w.inflight;
    w.conns[w.next_start++]->start();
  }
}

void Harness::connect_all(double deadline_s, const std::function<void(double)>& tick) {
  for (auto& w : workers_) {
    Worker* wp = w.get();
    asio::post(wp->ioc, [this, wp] { start_more(*wp); });
  }
  wait_for(
      deadline_s, [this] { return totals().attempted >= static_cast<std::uint64_t>(connections_); },
      tick);
}

void Harness::for_each_conn(const std::function<void(Conn&)>& f) {
  std::latch done(static_cast<std::ptrdiff_t>(workers_.size()));
  for (auto& w : workers_) {
    Worker* wp = w.get();
    asio::post(wp->ioc, [wp, &f, &done] {
      for (auto& c : wp->conns) f(*c);
      done.count_down();
    });
  }
  done.wait();
}

void Harness::shutdown(double timeout_s) {
  if (stopped_) return;
  stopped_ = true;
  run_.phase.store(kClosing);
  if (timeout_s > 0) {
    for_each_conn([](Conn& c) { c.close(); });
    wait_for(
        timeout_s, [this] { return totals().open <= 0; }, [](double) {});
  }
  for (auto& w : workers_) {
    w->release();
    w->ioc.stop();
  }
  for (auto& w : workers_)
    if (w->thread.joinable()) w->thread.join();
}

Totals Harness::totals() const {
  Totals t;
  for (const auto& w : workers_) {
    const auto& l = w->stats.live;
    t.attempted += l.attempted.load(std::memory_order_relaxed);
    t.handshakes_ok += l.handshakes_ok.load(std::memory_order_relaxed);
    t.failed += l.failed.load(std::memory_order_relaxed);
    t.open += l.open.load(std::memory_order_relaxed);
    t.dropped += l.dropped.load(std::memory_order_relaxed);
    t.sent += l.sent.load(std::memory_order_relaxed);
    t.acked += l.acked.load(std::memory_order_relaxed);
    t.resolved_without_echo += l.resolved_without_echo.load(std::memory_order_relaxed);
    t.received += l.received.load(std::memory_order_relaxed);
    t.ready += l.ready.load(std::memory_order_relaxed);
    t.events += l.events.load(std::memory_order_relaxed);
    t.rest_submitted += l.rest_submitted.load(std::memory_order_relaxed);
    t.rest_resolved += l.rest_resolved.load(std::memory_order_relaxed);
    t.rest_ok += l.rest_ok.load(std::memory_order_relaxed);
  }
  return t;
}

void wait_for(double seconds, const std::function<bool()>& done,
              const std::function<void(double)>& tick) {
  const auto t0 = Clock::now();
  const auto end =
      t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  while (!done()) {
    const auto now = Clock::now();
    if (now >= end) break;
    tick(std::chrono::duration<double>(now - t0).count());
    std::this_thread::sleep_for(
        std::min<Clock::duration>(std::chrono::milliseconds(100), end - now));
  }
}

}  // namespace parley_load

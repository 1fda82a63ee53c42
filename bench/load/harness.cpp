#include "harness.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <chrono>
#include <latch>
#include <random>

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
    const std::size_t index = w.conns.size();
    w.conns.push_back(std::make_shared<Conn>(
        w.ioc, run_, w.stats, sessions[static_cast<std::size_t>(i) % sessions.size()],
        i < senders ? i : -1, [this, wp, index] { attempt_done(*wp, index); }));
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

void Harness::attempt_done(Worker& w, std::size_t index) {
  --w.inflight;
  if (!w.storming) return start_more(w);
  Conn* c = w.conns[index].get();
  if (!c->open() && w.retries[c] < w.storm_retries) {  // refused: a client tries again
    ++w.retries[c];
    w.due.emplace(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(retry_pause_s_)),
                  c);
  }
  storm_more(w);
}

void Harness::storm_more(Worker& w) {
  const auto now = Clock::now();
  while (w.inflight < w.max_inflight && !w.due.empty() && w.due.begin()->first <= now) {
    Conn* c = w.due.begin()->second;
    w.due.erase(w.due.begin());
    ++w.inflight;
    c->reconnect(w.resume_path(*c));
  }
  if (w.due.empty() || w.pacer_armed || w.inflight >= w.max_inflight) return;
  w.pacer_armed = true;
  w.pacer.expires_at(std::max(now, w.due.begin()->first));
  Worker* wp = &w;
  w.pacer.async_wait([this, wp](boost::system::error_code ec) {
    wp->pacer_armed = false;
    if (!ec) storm_more(*wp);
  });
}

std::uint64_t Harness::storm(int first, double spread_s, int concurrency, int retries,
                             double retry_pause_s, std::function<std::string(Conn&)> resume_path) {
  retry_pause_s_ = retry_pause_s;
  const int threads = static_cast<int>(workers_.size());
  std::atomic<std::uint64_t> dropped{0};
  std::latch done(static_cast<std::ptrdiff_t>(workers_.size()));
  const auto t0 = Clock::now();
  for (int t = 0; t < threads; ++t) {
    Worker* wp = workers_[static_cast<std::size_t>(t)].get();
    asio::post(wp->ioc, [&, wp, t] {
      std::mt19937_64 rng(0x5eed + static_cast<std::uint64_t>(t));
      std::uniform_real_distribution<double> at(0.0, spread_s);
      wp->storming = true;
      wp->storm_retries = retries;
      wp->resume_path = resume_path;
      wp->max_inflight = std::max(1, concurrency / threads);
      for (std::size_t j = 0; j < wp->conns.size(); ++j) {
        const int global = static_cast<int>(j) * threads + t;  // connection i is on i % threads
        Conn& c = *wp->conns[j];
        if (global < first || !c.open()) continue;
        c.drop();
        dropped.fetch_add(1);
        wp->due.emplace(t0 + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(at(rng))),
                        &c);
      }
      storm_more(*wp);
      done.count_down();
    });
  }
  done.wait();
  return dropped.load();
}

bool Harness::storm_settled() {
  std::atomic<bool> settled{true};
  for_each_worker([&](Worker& w) {
    if (!w.due.empty() || w.inflight > 0) settled = false;
    for (auto& c : w.conns)
      if (c->catching_up()) settled = false;
  });
  return settled.load();
}

void Harness::for_each_worker(const std::function<void(Worker&)>& f) {
  std::latch done(static_cast<std::ptrdiff_t>(workers_.size()));
  for (auto& w : workers_) {
    Worker* wp = w.get();
    asio::post(wp->ioc, [wp, &f, &done] {
      f(*wp);
      done.count_down();
    });
  }
  done.wait();
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

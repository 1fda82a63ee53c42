// flood mode: do half-open HTTP connections and WebSockets that never read stop the server
// serving others? An ordinary-request probe (GET --probe-path with a token, paced at
// --probe-rate over a few keep-alive connections, timed from each request's scheduled moment,
// so a stall counts in full) runs through three phases of --phase-seconds: the reference (the
// busy channel's senders only), the flood (plus --half-open connections kept open and
// --slow-readers sockets on the busy channel that never read), and after it (flooders gone).
// The server's RSS, open descriptors and CPU are sampled once a second throughout.
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "events_report.hpp"
#include "flooders.hpp"
#include "harness.hpp"
#include "modes.hpp"
#include "proc_stats.hpp"
#include "report.hpp"
#include "rest_client.hpp"
#include "users.hpp"

namespace parley_load {

namespace asio = boost::asio;
namespace json = boost::json;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

namespace {

// Paced GETs over a few keep-alive connections, on a thread of its own.
class Probe {
 public:
  Probe(const Target& t, const std::string& cookie, const Options& o)
      : path_(o.probe_path),
        interval_(std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / o.probe_rate))) {
    for (int i = 0; i < o.probe_connections; ++i)
      clients_.push_back(std::make_shared<RestClient>(
          ioc_, t, cookie,
          std::chrono::milliseconds(static_cast<std::int64_t>(o.rest_timeout * 1000))));
    thread_ = std::thread([this] {
      auto guard = asio::make_work_guard(ioc_);
      ioc_.run();
    });
  }
  ~Probe() {
    asio::post(ioc_, [this] {
      for (auto& c : clients_) c->close();
      ioc_.stop();
    });
    thread_.join();
  }
  // Runs the probe for `seconds` (blocking); returns latencies (ns) and statuses.
  struct Result {
    Histogram latency_ns;
    std::map<std::string, std::uint64_t> statuses;
    std::uint64_t sent = 0, answered = 0;
    std::vector<std::uint64_t> max_ns_per_s;  // the slowest request scheduled in each second
  };
  Result run(double seconds) {
    Result r;
    std::atomic<bool> done{false};
    asio::post(ioc_, [&] {
      start_ = Clock::now();
      end_ = start_ +
             std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
      next_ = start_;
      result_ = &r;
      tick(done);
    });
    while (!done) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return r;
  }

 private:
  void tick(std::atomic<bool>& done) {
    const auto now = Clock::now();
    while (next_ <= now && next_ < end_) {
      const auto scheduled = next_;
      next_ += interval_;
      // The least busy connection; a request behind another waits, and that wait counts.
      auto& c = *std::min_element(clients_.begin(), clients_.end(),
                                  [](auto& a, auto& b) { return a->queued() < b->queued(); });
      ++result_->sent;
      ++outstanding_;
      c->submit(
          [this](RestClient::Request& q) {
            q.verb = http::verb::get;
            q.path = path_;
            return true;
          },
          [this, scheduled, &done](int status, std::string_view) {
            const auto ns = static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - scheduled)
                    .count());
            result_->latency_ns.record(ns);
            const auto second = static_cast<std::size_t>(
                std::chrono::duration_cast<std::chrono::seconds>(scheduled - start_).count());
            if (result_->max_ns_per_s.size() <= second) result_->max_ns_per_s.resize(second + 1);
            result_->max_ns_per_s[second] = std::max(result_->max_ns_per_s[second], ns);
            ++result_->answered;
            ++result_->statuses[status ? std::to_string(status) : "transport error"];
            --outstanding_;
            finish_if_done(done);
          });
    }
    if (next_ >= end_) return finish_if_done(done);
    timer_.expires_at(next_);
    timer_.async_wait([this, &done](boost::system::error_code ec) {
      if (!ec) tick(done);
    });
  }
  void finish_if_done(std::atomic<bool>& done) {
    if (next_ >= end_ && outstanding_ == 0) done = true;
  }

  asio::io_context ioc_{1};
  asio::steady_timer timer_{ioc_};
  std::vector<std::shared_ptr<RestClient>> clients_;
  std::string path_;
  std::chrono::nanoseconds interval_;
  Clock::time_point start_, end_, next_;
  Result* result_ = nullptr;
  std::uint64_t outstanding_ = 0;
  std::thread thread_;
};

// Once a second: the server's RSS, open descriptors and CPU, with the phase's name.
class Sampler {
 public:
  struct Row {
    double t;
    std::string phase;
    std::int64_t rss_kib;
    long fds;
    double cpu_s;
    int half_open;
    long tcp_mem_kib;  // the whole machine's TCP buffers (/proc/net/sockstat), tool included
  };
  Sampler(std::vector<int> pids, const Flooders* flood)
      : pids_(std::move(pids)), flood_(flood), t0_(Clock::now()) {
    if (pids_.empty()) return;
    thread_ = std::thread([this] {
      while (!stop_) {
        sample();
        for (int i = 0; i < 10 && !stop_; ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  ~Sampler() { finish(); }
  void phase(std::string p) {
    std::lock_guard lk(mu_);
    phase_ = std::move(p);
  }
  void finish() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::vector<Row> rows() {
    std::lock_guard lk(mu_);
    return rows_;
  }

 private:
  static long count_fds(int pid) {
    const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
    DIR* d = ::opendir(dir.c_str());
    if (!d) return -1;
    long n = 0;
    while (const dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') ++n;
    ::closedir(d);
    return n;
  }
  // "TCP: inuse 5 orphan 0 tw 0 alloc 7 mem 3": mem is in pages.
  static long tcp_mem_kib() {
    std::ifstream in("/proc/net/sockstat");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("TCP:", 0) != 0) continue;
      const auto m = line.find(" mem ");
      if (m == std::string::npos) return -1;
      return std::atol(line.c_str() + m + 5) * (::sysconf(_SC_PAGESIZE) / 1024);
    }
    return -1;
  }
  void sample() {
    const ServerSample s = sample_server(pids_);
    long fds = 0;
    for (int p : pids_) fds += count_fds(p);
    const long tcp = tcp_mem_kib();
    std::lock_guard lk(mu_);
    rows_.push_back({std::chrono::duration<double>(Clock::now() - t0_).count(), phase_, s.rss_kib,
                     fds, s.cpu_seconds, flood_->half_open_now(), tcp});
  }
  std::vector<int> pids_;
  const Flooders* flood_;
  Clock::time_point t0_;
  std::mutex mu_;
  std::string phase_ = "setup";
  std::vector<Row> rows_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

json::object probe_json(const Probe::Result& r) {
  return {{"sent", r.sent},
          {"answered", r.answered},
          {"statuses", to_json(r.statuses)},
          {"latency_ms", latency_json(r.latency_ns)},
          {"max_ms_per_second", [&] {
             json::array a;
             for (auto ns : r.max_ns_per_s) a.push_back(static_cast<double>(ns) / 1e6);
             return a;
           }()}};
}

void print_probe(const char* name, const Probe::Result& r) {
  const auto& L = r.latency_ns;
  auto ms = [](std::uint64_t ns) { return static_cast<double>(ns) / 1e6; };
  std::printf(
      "%-13s probe %llu sent, %llu answered (%s); p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max "
      "%.2f ms\n",
      name, static_cast<unsigned long long>(r.sent), static_cast<unsigned long long>(r.answered),
      to_text(r.statuses).c_str(), ms(L.quantile(0.5)), ms(L.quantile(0.9)), ms(L.quantile(0.99)),
      ms(L.quantile(0.999)), ms(L.max()));
  std::string worst;
  for (auto ns : r.max_ns_per_s) worst += " " + fmt(ms(ns), 1);
  std::printf("              slowest per second (ms):%s\n", worst.c_str());
}

}  // namespace

int run_flood(const Options& opts, const Target& target) {
  const std::uint64_t fd_limit = raise_fd_limit();
  const std::uint64_t fds =
      static_cast<std::uint64_t>(opts.half_open + opts.slow_readers + opts.senders) + 256;
  if (fds > fd_limit) {
    std::cerr << "error: " << fds << " descriptors needed, RLIMIT_NOFILE is " << fd_limit << "\n";
    return 1;
  }
  UsersReport urep;
  Options o2 = opts;
  o2.join = opts.token_users.empty() && opts.join;  // token users are members already
  auto sessions = prepare_users(o2, target, opts.senders, urep);
  for (const auto& e : urep.errors) std::cerr << "  " << e << "\n";
  if (sessions.empty()) {
    std::cerr << "error: no user could log in\n";
    return 1;
  }
  const std::string path = make_path("/ws/{s}/{c}", opts.server_id, opts.channel_id);

  // The busy channel: K senders on channel sockets, for the whole run.
  RunShared run(target, path, make_run_tag());
  run.events = true;
  run.channel_id = opts.channel_id;
  run.num_senders = static_cast<std::uint32_t>(opts.senders);
  run.track_deliveries = true;  // the senders see their echoes
  run.payload_size = static_cast<std::size_t>(opts.payload_size);
  if (opts.senders > 0) {
    run.send_interval =
        std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 * opts.senders / opts.rate));
    run.rate_offset = std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / opts.rate));
  }
  run.connect_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(opts.connect_timeout * 1000));
  run.max_messages = opts.max_messages;
  std::string err;
  run.base_seq = fetch_last_seq(target, sessions.front().cookie, opts.channel_id, err);
  if (run.base_seq < 0) {
    std::cerr << "error: " << err << "\n";
    return 1;
  }

  FlooderConfig fc;
  fc.half_open = opts.half_open;
  fc.half_open_bytes = opts.half_open_bytes;
  fc.open_rate = opts.flood_open_rate;
  fc.max_opens = static_cast<std::uint64_t>(opts.half_open) * 20;
  fc.slow_readers = opts.slow_readers;
  fc.slow_path = path;
  for (const auto& s : sessions) fc.cookies.push_back(s.cookie);
  Flooders flood(target, fc);
  Sampler sampler(opts.server_pids, &flood);

  Harness h(run, sessions, std::max(1, opts.senders), opts.senders, 1, opts.connect_concurrency);
  h.start_threads();
  h.connect_all(opts.connect_timeout * 2, [](double) {});
  run.send_start = Clock::now() + std::chrono::milliseconds(20);
  run.phase.store(kSending);
  h.for_each_conn([](Conn& c) { c.begin_sending(); });
  std::cerr << "flood: probe GET " << opts.probe_path << " at " << opts.probe_rate << "/s; "
            << opts.senders << " sender(s) at " << opts.rate << " msgs/s on " << path << "\n";

  Probe probe(target, sessions.front().cookie, opts);
  sampler.phase("reference");
  const ServerSample r0 = sample_server(opts.server_pids);
  const Probe::Result ref = probe.run(opts.phase_seconds);
  const ServerSample r1 = sample_server(opts.server_pids);

  sampler.phase("flood setup");
  const auto tf0 = Clock::now();
  flood.start();  // the slow readers first (blocking handshakes), then the half-open thread
  const double setup_s = std::chrono::duration<double>(Clock::now() - tf0).count();
  std::cerr << "flood: " << opts.slow_readers << " slow readers open in " << fmt(setup_s, 1)
            << " s; half-open connections opening\n";
  sampler.phase("flood");
  const ServerSample f0 = sample_server(opts.server_pids);
  const Probe::Result flooded = probe.run(opts.phase_seconds);
  const ServerSample f1 = sample_server(opts.server_pids);
  const int half_open_at_end = flood.half_open_now();

  sampler.phase("after");
  const FlooderReport fr = flood.stop(5.0);
  const Probe::Result after = probe.run(std::max(2.0, opts.phase_seconds / 2));
  const ServerSample a1 = sample_server(opts.server_pids);
  run.phase.store(kDraining);
  h.for_each_conn([](Conn& c) { c.stop_sending(); });
  const Totals live = h.totals();
  h.shutdown(2.0);
  sampler.finish();

  std::map<std::string, std::uint64_t> drops;
  for (auto& w : h.workers()) merge_into(drops, w->stats.drops);
  std::vector<double> life = fr.lifetimes_s;
  std::sort(life.begin(), life.end());
  auto q = [&](double p) {
    return life.empty()
               ? 0.0
               : life[std::min(life.size() - 1, static_cast<std::size_t>(p * life.size()))];
  };

  std::printf("== parley-load flood ==\n");
  std::printf(
      "config        probe GET %s at %.0f/s over %d keep-alive connection(s); %d sender(s) at %.0f "
      "msgs/s, payload %d B; %d half-open (%d bytes each), %d slow readers; %.0f s phases\n",
      opts.probe_path.c_str(), opts.probe_rate, opts.probe_connections, opts.senders, opts.rate,
      opts.payload_size, opts.half_open, opts.half_open_bytes, opts.slow_readers,
      opts.phase_seconds);
  print_probe("reference", ref);
  print_probe("flood", flooded);
  print_probe("after", after);
  const double ref_p99 = static_cast<double>(ref.latency_ns.quantile(0.99)) / 1e6;
  const double flood_p99 = static_cast<double>(flooded.latency_ns.quantile(0.99)) / 1e6;
  std::printf("  p99 flood / reference: %.2f ms / %.2f ms = %.2fx (bar: flood p99 <= 20 ms)\n",
              flood_p99, ref_p99, ref_p99 > 0 ? flood_p99 / ref_p99 : 0.0);
  std::printf(
      "half-open     %llu opened (%llu connects failed), %d open at the end of the flood; the "
      "server closed %llu (%llu after a 408, %llu after another answer); lifetime p50 %.1f s, "
      "max %.1f s\n",
      static_cast<unsigned long long>(fr.opened),
      static_cast<unsigned long long>(fr.connect_failed), half_open_at_end,
      static_cast<unsigned long long>(fr.closed_by_server),
      static_cast<unsigned long long>(fr.got_408), static_cast<unsigned long long>(fr.got_other),
      q(0.5), life.empty() ? 0.0 : life.back());
  std::printf(
      "slow readers  %d open (failures: %s); read out after the flood: %s; %llu bytes were "
      "waiting\n",
      fr.slow_open, to_text(fr.slow_failures).c_str(), to_text(fr.slow_endings).c_str(),
      static_cast<unsigned long long>(fr.slow_bytes));
  std::printf("senders       %llu messages sent, %llu echoed; drops: %s\n",
              static_cast<unsigned long long>(live.sent),
              static_cast<unsigned long long>(live.acked), to_text(drops).c_str());
  if (!opts.server_pids.empty()) {
    std::printf(
        "server        CPU reference %.2f s, flood %.2f s; RSS %lld (ref start) -> %lld "
        "(flood end) -> %lld KiB (after)\n",
        r1.cpu_seconds - r0.cpu_seconds, f1.cpu_seconds - f0.cpu_seconds,
        static_cast<long long>(r0.rss_kib), static_cast<long long>(f1.rss_kib),
        static_cast<long long>(a1.rss_kib));
    std::printf(
        "  t (s)  phase        RSS KiB   fds  CPU s  half-open  TCP buffers KiB (machine)\n");
    for (const auto& row : sampler.rows())
      std::printf("  %5.1f  %-11s %8lld %5ld %6.2f %6d %10ld\n", row.t, row.phase.c_str(),
                  static_cast<long long>(row.rss_kib), row.fds, row.cpu_s, row.half_open,
                  row.tcp_mem_kib);
  }
  const bool ok = flood_p99 <= 20.0 && flooded.answered == flooded.sent &&
                  flooded.statuses.size() == 1 && flooded.statuses.count("200") == 1;
  std::printf("verdict       %s\n",
              ok ? "probe p99 within 20 ms during the flood, every answer 200"
                 : "FAILED: the probe's p99 is above 20 ms or not every answer was 200");
  if (!opts.json_file.empty()) {
    json::object o;
    o["mode"] = "flood";
    o["config"] = {{"probe_path", opts.probe_path},
                   {"probe_rate", opts.probe_rate},
                   {"probe_connections", opts.probe_connections},
                   {"senders", opts.senders},
                   {"rate", opts.rate},
                   {"payload_size", opts.payload_size},
                   {"half_open", opts.half_open},
                   {"half_open_bytes", opts.half_open_bytes},
                   {"slow_readers", opts.slow_readers},
                   {"phase_seconds", opts.phase_seconds}};
    o["reference"] = probe_json(ref);
    o["flood"] = probe_json(flooded);
    o["after"] = probe_json(after);
    o["half_open"] = {{"opened", fr.opened},
                      {"connect_failed", fr.connect_failed},
                      {"open_at_flood_end", half_open_at_end},
                      {"closed_by_server", fr.closed_by_server},
                      {"got_408", fr.got_408},
                      {"lifetime_p50_s", q(0.5)},
                      {"lifetime_max_s", life.empty() ? 0.0 : life.back()}};
    o["slow_readers"] = {{"open", fr.slow_open},
                         {"failures", to_json(fr.slow_failures)},
                         {"endings", to_json(fr.slow_endings)},
                         {"bytes_waiting", fr.slow_bytes}};
    json::array series;
    for (const auto& row : sampler.rows())
      series.push_back({{"t", row.t},
                        {"phase", row.phase},
                        {"rss_kib", row.rss_kib},
                        {"fds", row.fds},
                        {"cpu_s", row.cpu_s},
                        {"half_open", row.half_open},
                        {"tcp_mem_kib", row.tcp_mem_kib}});
    o["server_series"] = std::move(series);
    o["ok"] = ok;
    write_json_file(opts.json_file, o);
    std::printf("json          %s\n", opts.json_file.c_str());
  }
  return ok ? 0 : 3;
}

}  // namespace parley_load

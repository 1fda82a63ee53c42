// storm mode: the reconnect storm of issue 15. N receivers (channel sockets or gateways)
// connect cold, K senders keep a message flow going, then every receiver drops at once and
// comes back within --storm-spread seconds, resuming (a channel socket with ?after_seq=<its
// newest seq>, a gateway through its new ready's last_seq and the events route). Each receiver
// must end with every event of the channel since it first connected, exactly once, in order;
// connect-to-ready is reported cold and in the storm, with refused attempts, drops, and the
// server's CPU and RSS per phase.
#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "events_report.hpp"
#include "harness.hpp"
#include "modes.hpp"
#include "proc_stats.hpp"
#include "report.hpp"
#include "users.hpp"

namespace parley_load {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// What one phase (cold connect, storm) cost and how its connects went.
struct PhaseResult {
  double seconds = 0;
  double server_cpu = 0;
  std::int64_t rss_before = 0, rss_after = 0, rss_max = 0;
  ConnectStats connect;
  std::map<std::string, std::uint64_t> refused;  // failed attempts, by reason
  std::uint64_t refused_count = 0;
};

// Takes the workers' connect statistics and handshake failures so far (and resets them).
void take_phase(Harness& h, PhaseResult& p) {
  std::mutex mu;
  h.for_each_worker([&](Worker& w) {
    std::lock_guard lk(mu);
    merge_connect(p.connect, w.stats.connect);
    merge_into(p.refused, w.stats.handshake_failures);
    w.stats.connect = ConnectStats{};
    w.stats.handshake_failures.clear();
  });
  for (auto& [k, v] : p.refused) p.refused_count += v;
}

double ms(std::uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

void print_latency(const char* name, const Histogram& L) {
  if (L.count() == 0) return;
  std::printf("  %-28s p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms (%llu)\n", name,
              ms(L.quantile(0.5)), ms(L.quantile(0.9)), ms(L.quantile(0.99)), ms(L.max()),
              static_cast<unsigned long long>(L.count()));
}

// The figure the bar is about: TCP connect to ready (a gateway's ready frame; a channel
// socket's 101, which the server writes after subscribing it).
const Histogram& ready_of(const ConnectStats& c, bool gateway) {
  return gateway ? c.connect_to_ready_ns : c.connect_to_101_ns;
}

void print_phase(const char* name, const PhaseResult& p, bool gateway, bool have_server) {
  std::printf("%-13s %.2f s, refused attempts %llu (%s)\n", name, p.seconds,
              static_cast<unsigned long long>(p.refused_count), to_text(p.refused).c_str());
  print_latency(gateway ? "connect -> ready" : "connect -> 101 (ready)",
                ready_of(p.connect, gateway));
  if (gateway) {
    print_latency("connect -> caught up", p.connect.connect_to_caught_up_ns);
    std::printf("  catch-ups %llu (%llu pages, %llu events), pages asked again: %s; given up: %s\n",
                static_cast<unsigned long long>(p.connect.catch_ups),
                static_cast<unsigned long long>(p.connect.catch_up_pages),
                static_cast<unsigned long long>(p.connect.catch_up_events),
                to_text(p.connect.catch_up_retries).c_str(),
                to_text(p.connect.catch_up_failures).c_str());
  } else {
    print_latency("connect -> first event", p.connect.connect_to_first_event_ns);
  }
  if (have_server)
    std::printf("  server CPU %.2f s, RSS %lld -> %lld KiB (max %lld)\n", p.server_cpu,
                static_cast<long long>(p.rss_before), static_cast<long long>(p.rss_after),
                static_cast<long long>(p.rss_max));
}

json::object phase_json(const PhaseResult& p, bool gateway) {
  return {{"seconds", p.seconds},
          {"server_cpu_s", p.server_cpu},
          {"rss_kib_before", p.rss_before},
          {"rss_kib_after", p.rss_after},
          {"rss_kib_max", p.rss_max},
          {"refused_attempts", p.refused_count},
          {"refused", to_json(p.refused)},
          {"connect_to_ready_ms", latency_json(ready_of(p.connect, gateway))},
          {"connect", connect_json(p.connect)}};
}

}  // namespace

int run_storm(const Options& opts, const Target& target) {
  const int N = opts.connections, K = opts.senders;
  const std::uint64_t fd_limit = raise_fd_limit();
  // Each receiver has its socket; a resuming gateway briefly a REST connection too.
  const std::uint64_t fds = static_cast<std::uint64_t>(N + K) * (opts.gateway ? 2 : 1) + 64;
  if (fds > fd_limit)
    std::cerr << "warning: up to " << fds << " descriptors with RLIMIT_NOFILE " << fd_limit
              << " (raise it with ulimit -n)\n";
  UsersReport urep;
  Options o2 = opts;
  o2.join = false;  // the storm's users are members already (bench/storm.sh)
  auto sessions = prepare_users(o2, target, 0, urep);
  for (const auto& e : urep.errors) std::cerr << "  " << e << "\n";
  if (sessions.empty()) {
    std::cerr << "error: no user could log in\n";
    return 1;
  }
  if (sessions.size() < static_cast<std::size_t>(N + K))
    std::cerr << "note: " << N + K << " sockets share " << sessions.size() << " user(s)\n";

  const std::string path = make_path(opts.path_template, opts.server_id, opts.channel_id);
  RunShared run(target, path, make_run_tag());
  run.events = true;
  run.gateway = opts.gateway;
  run.channel_id = opts.channel_id;
  run.resume_catch_up = opts.gateway;
  run.num_senders = static_cast<std::uint32_t>(K);
  run.track_deliveries = true;  // senders see their echoes; (sender, seq) duplicates counted too
  run.payload_size = static_cast<std::size_t>(opts.payload_size);
  run.parley_protocol = true;
  if (K > 0) {
    run.send_interval = std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 * K / opts.rate));
    run.rate_offset = std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / opts.rate));
    run.seq_bits_hint = static_cast<std::uint32_t>(std::min(
        65536.0, opts.rate * (opts.warmup + opts.storm_spread + opts.after_storm + 30) / K + 64));
  }
  run.connect_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(opts.connect_timeout * 1000));
  run.verify_every = opts.verify_every;
  run.max_messages = opts.max_messages;
  run.rest_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(opts.rest_timeout * 1000));
  std::string err;
  const std::int64_t rest_base =
      fetch_last_seq(target, sessions.front().cookie, opts.channel_id, err);
  if (rest_base < 0) {
    std::cerr << "error: " << err << "\n";
    return 1;
  }
  if (!opts.gateway) run.base_seq = rest_base;  // gateways count from their ready

  std::cerr << "storm: " << N << " receivers + " << K << " senders on ws://" << target.host_header
            << path << ", " << opts.rate << " msgs/s, warm-up " << opts.warmup
            << " s, reconnects within " << opts.storm_spread << " s, run tag "
            << run.scanner.run_tag() << "\n";
  Progress progress(opts.progress);
  const bool have_server = !opts.server_pids.empty();
  auto rss_now = [&] { return sample_server(opts.server_pids).rss_kib; };

  // 1. Cold: everyone connects for the first time.
  Harness h(run, sessions, N + K, K, opts.threads, opts.connect_concurrency);
  h.start_threads();
  PhaseResult cold;
  const ServerSample c0 = sample_server(opts.server_pids);
  const double tool0 = self_cpu_seconds();
  cold.rss_before = cold.rss_max = c0.rss_kib;
  const auto tc0 = Clock::now();
  auto watch = [&](PhaseResult& p, const char* name) {
    return [&p, &progress, &h, name, &rss_now](double e) {
      p.rss_max = std::max(p.rss_max, rss_now());
      progress.tick(name, e, h.totals());
    };
  };
  h.connect_all(std::min(900.0, opts.connect_timeout * (1.0 + std::ceil(static_cast<double>(N + K) /
                                                                        opts.connect_concurrency))),
                watch(cold, "connecting"));
  if (opts.gateway)
    wait_for(
        opts.connect_timeout,
        [&] {
          const Totals t = h.totals();
          return t.ready >= static_cast<std::uint64_t>(std::max<std::int64_t>(0, t.open));
        },
        watch(cold, "ready"));
  const ServerSample c1 = sample_server(opts.server_pids);
  cold.seconds = seconds_since(tc0);
  cold.server_cpu = c1.cpu_seconds - c0.cpu_seconds;
  cold.rss_after = c1.rss_kib;
  take_phase(h, cold);
  wait_for(
      opts.settle, [] { return false; }, watch(cold, "settling"));

  // 2. Messages flow; a warm-up with no storm is the steady cost's reference.
  run.send_start = Clock::now() + std::chrono::milliseconds(20);
  run.phase.store(kSending);
  std::uint64_t receivers = 0;
  {
    std::atomic<std::uint64_t> n{0};
    h.for_each_conn([&](Conn& c) {
      c.begin_sending();
      if (c.open_at_start() && c.sender_index() < 0) n.fetch_add(1);
    });
    receivers = n.load();
  }
  PhaseResult steady;
  const ServerSample w0 = sample_server(opts.server_pids);
  steady.rss_before = steady.rss_max = w0.rss_kib;
  const auto tw0 = Clock::now();
  wait_for(
      opts.warmup, [] { return false; }, watch(steady, "warm-up"));
  const ServerSample w1 = sample_server(opts.server_pids);
  steady.seconds = seconds_since(tw0);
  steady.server_cpu = w1.cpu_seconds - w0.cpu_seconds;
  steady.rss_after = w1.rss_kib;
  const Totals before_storm = h.totals();

  // 3. The storm. (The cold sockets' first events arrived during the warm-up.)
  {
    PhaseResult warm;
    take_phase(h, warm);
    cold.connect.connect_to_first_event_ns.merge(warm.connect.connect_to_first_event_ns);
  }
  PhaseResult storm;
  storm.rss_before = storm.rss_max = w1.rss_kib;
  const auto ts0 = Clock::now();
  const std::string base_path = path + (path.find('?') == std::string::npos ? "?" : "&");
  const bool gateway = opts.gateway;
  const std::uint64_t dropped =
      h.storm(K, opts.storm_spread, opts.storm_concurrency, opts.storm_retries, 1.0,
              [gateway, path, base_path, skew = opts.resume_skew](Conn& c) {
                if (gateway) return path;  // the gateway resumes through ready + the events route
                return base_path + "after_seq=" +
                       std::to_string(std::max<std::int64_t>(0, c.tracker().max_seen() + skew));
              });
  wait_for(
      opts.storm_deadline,
      [&] { return seconds_since(ts0) >= opts.storm_spread && h.storm_settled(); },
      watch(storm, "storm"));
  const ServerSample s1 = sample_server(opts.server_pids);
  storm.seconds = seconds_since(ts0);
  storm.server_cpu = s1.cpu_seconds - w1.cpu_seconds;
  storm.rss_after = s1.rss_kib;
  take_phase(h, storm);

  // 4. More messages, then the drain: every receiver must reach the channel's last seq.
  wait_for(
      opts.after_storm, [] { return false; }, watch(storm, "after storm"));
  run.phase.store(kDraining);
  h.for_each_conn([](Conn& c) { c.stop_sending(); });
  // Every message sent has been answered (echo or error) before the last seq is read.
  wait_for(
      opts.grace,
      [&] {
        const Totals t = h.totals();
        return t.sent <= t.acked + t.resolved_without_echo;
      },
      watch(storm, "draining"));
  const std::int64_t final_seq =
      fetch_last_seq(target, sessions.front().cookie, opts.channel_id, err);
  std::uint64_t open_receivers = 0, behind = 0;
  wait_for(
      opts.grace,
      [&] {
        std::atomic<std::uint64_t> open{0}, late{0};
        h.for_each_conn([&](Conn& c) {
          if (c.sender_index() >= 0 || !c.open_at_start()) return;
          if (c.open()) open.fetch_add(1);
          if (c.tracker().missing_up_to(final_seq) > 0 || c.catching_up()) late.fetch_add(1);
        });
        open_receivers = open.load();
        behind = late.load();
        return behind == 0;
      },
      watch(storm, "draining"));
  {  // storm reconnects (retries, catch-ups) that finished after the storm window
    PhaseResult late;
    take_phase(h, late);
    merge_connect(storm.connect, late.connect);
    merge_into(storm.refused, late.refused);
    storm.refused_count += late.refused_count;
  }
  const double tool1 = self_cpu_seconds();
  const ServerSample end = sample_server(opts.server_pids);
  const Totals live = h.totals();
  h.shutdown(std::max(2.0, opts.connect_timeout));
  const EventTotals ev = collect_events(h, final_seq, true);
  std::map<std::string, std::uint64_t> drops, err_codes;
  std::uint64_t resync = 0, mismatches = 0;
  std::string first_mismatch;
  for (auto& w : h.workers()) {
    merge_into(drops, w->stats.drops);
    merge_into(err_codes, w->stats.error_codes);
    resync += w->stats.resync_frames;
    mismatches += w->stats.verify_mismatch;
    if (first_mismatch.empty()) first_mismatch = w->stats.first_mismatch;
  }
  const std::uint64_t recovered = ev.receivers - ev.receivers_missing;

  std::printf("== parley-load storm ==\n");
  std::printf(
      "target        ws://%s%s, %d receivers + %d senders, %.1f msgs/s, %zu user(s), %d "
      "thread(s), run tag %s\n",
      target.host_header.c_str(), path.c_str(), N, K, opts.rate, sessions.size(), opts.threads,
      run.scanner.run_tag().c_str());
  print_phase("cold connect", cold, gateway, have_server);
  std::printf(
      "warm-up       %.2f s of messages, %llu receivers open; server CPU %.2f s (%.3f per s)\n",
      steady.seconds, static_cast<unsigned long long>(receivers), steady.server_cpu,
      steady.seconds > 0 ? steady.server_cpu / steady.seconds : 0.0);
  std::printf("storm         %llu dropped at once, back within %.1f s spread\n",
              static_cast<unsigned long long>(dropped), opts.storm_spread);
  print_phase("  reconnects", storm, gateway, have_server);
  std::printf(
      "after         messages sent %llu (%llu before the storm), answered %llu; error frames: %s\n",
      static_cast<unsigned long long>(live.sent),
      static_cast<unsigned long long>(before_storm.sent),
      static_cast<unsigned long long>(live.acked + live.resolved_without_echo),
      to_text(err_codes).c_str());
  std::printf("  drops by the server: %s; resync_required frames %llu\n", to_text(drops).c_str(),
              static_cast<unsigned long long>(resync));
  std::printf(
      "recovery      channel seq %lld -> %lld; %llu receivers + senders checked, %llu open at the "
      "end, %llu with every event\n",
      static_cast<long long>(rest_base), static_cast<long long>(final_seq),
      static_cast<unsigned long long>(ev.receivers),
      static_cast<unsigned long long>(open_receivers), static_cast<unsigned long long>(recovered));
  std::printf(
      "  events expected %llu, received %llu, lost %llu (on %llu sockets), duplicates %llu, out of "
      "order %llu, gaps %llu, bad seq %llu; scanner mismatches %llu%s%s\n",
      static_cast<unsigned long long>(ev.expected), static_cast<unsigned long long>(ev.unique),
      static_cast<unsigned long long>(ev.lost),
      static_cast<unsigned long long>(ev.receivers_missing),
      static_cast<unsigned long long>(ev.duplicates),
      static_cast<unsigned long long>(ev.out_of_order), static_cast<unsigned long long>(ev.gaps),
      static_cast<unsigned long long>(ev.bad_seq), static_cast<unsigned long long>(mismatches),
      first_mismatch.empty() ? "" : ": ", first_mismatch.c_str());
  std::printf("tool CPU      %.2f s\n", tool1 - tool0);
  if (have_server)
    std::printf("server        CPU %.2f s over the run, RSS at the end %lld KiB\n",
                end.cpu_seconds - c0.cpu_seconds, static_cast<long long>(end.rss_kib));

  const bool ok = final_seq >= 0 && ev.lost == 0 && ev.duplicates == 0 && ev.out_of_order == 0 &&
                  ev.bad_seq == 0 && resync == 0 && storm.refused_count == 0 &&
                  cold.refused_count == 0 && drops.empty() && mismatches == 0 &&
                  storm.connect.catch_up_failures.empty() && dropped == receivers;
  const double p99_ms = ms(ready_of(storm.connect, gateway).quantile(0.99));
  std::printf(
      "verdict       %s; storm p99 connect-to-ready %.1f ms (bar 1000)\n",
      ok ? "every client recovered every event once, in order, none refused" : "FAILED (see above)",
      p99_ms);
  if (!opts.json_file.empty()) {
    json::object o;
    o["mode"] = "storm";
    o["target"] = {{"url", opts.url}, {"path", path}};
    o["config"] = {{"receivers", N},
                   {"senders", K},
                   {"rate", opts.rate},
                   {"gateway", gateway},
                   {"warmup_s", opts.warmup},
                   {"storm_spread_s", opts.storm_spread},
                   {"after_storm_s", opts.after_storm},
                   {"threads", opts.threads},
                   {"users", sessions.size()}};
    o["cold"] = phase_json(cold, gateway);
    o["steady"] = {{"seconds", steady.seconds}, {"server_cpu_s", steady.server_cpu}};
    o["storm"] = phase_json(storm, gateway);
    o["storm"].as_object()["dropped"] = dropped;
    o["messages"] = {{"sent", live.sent},
                     {"sent_before_storm", before_storm.sent},
                     {"answered", live.acked + live.resolved_without_echo},
                     {"error_frames", to_json(err_codes)}};
    o["drops"] = to_json(drops);
    o["events"] = events_json(ev);
    o["recovered_receivers"] = recovered;
    o["open_at_end"] = open_receivers;
    o["resync_frames"] = resync;
    o["tool_cpu_s"] = tool1 - tool0;
    if (have_server)
      o["server"] = {{"cpu_s", end.cpu_seconds - c0.cpu_seconds}, {"rss_kib_end", end.rss_kib}};
    o["ok"] = ok;
    write_json_file(opts.json_file, o);
    std::printf("json          %s\n", opts.json_file.c_str());
  }
  return ok ? 0 : 3;
}

}  // namespace parley_load

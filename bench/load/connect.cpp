// connect mode: how fast sockets open. With --gateway a connect is complete when the ready
// frame has arrived (TCP connect, upgrade handshake, authentication, the ready frame built and
// sent); without, when the 101 has arrived. Reports connects/s over the whole batch and the
// per-socket latency, and the ready frame's size.
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

int run_connect(const Options& opts, const Target& target) {
  const std::uint64_t fd_limit = raise_fd_limit();
  if (static_cast<std::uint64_t>(opts.connections) + 64 > fd_limit)
    std::cerr << "warning: " << opts.connections << " sockets with RLIMIT_NOFILE " << fd_limit
              << "\n";
  UsersReport urep;
  Options o2 = opts;
  o2.join = opts.gateway && opts.server_id >= 0;  // a gateway shows the servers one is in
  auto sessions =
      prepare_users(o2, target, o2.join ? static_cast<int>(opts.users.size()) : 0, urep);
  std::cerr << "users: " << urep.logged_in << " logged in, " << urep.failed << " failed\n";
  for (const auto& e : urep.errors) std::cerr << "  " << e << "\n";
  if (sessions.empty()) {
    std::cerr << "error: no user could log in\n";
    return 1;
  }
  const std::string path = make_path(opts.path_template, opts.server_id, opts.channel_id);
  RunShared run(target, path, make_run_tag());
  run.events = true;
  run.gateway = opts.gateway;
  run.channel_id = opts.channel_id;
  run.connect_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(opts.connect_timeout * 1000));
  run.verify_every = opts.verify_every;
  std::cerr << "connect: " << opts.connections << " sockets to ws://" << target.host_header << path
            << ", " << opts.connect_concurrency << " at a time, " << sessions.size()
            << " user(s)\n";

  Progress progress(opts.progress);
  Harness h(run, sessions, opts.connections, 0, opts.threads, opts.connect_concurrency);
  const ServerSample s0 = sample_server(opts.server_pids);
  const double cpu0 = self_cpu_seconds();
  h.start_threads();
  const double deadline = std::min(
      900.0, opts.connect_timeout * (1.0 + std::ceil(static_cast<double>(opts.connections) /
                                                     opts.connect_concurrency)));
  h.connect_all(deadline, [&](double e) { progress.tick("connecting", e, h.totals()); });
  if (opts.gateway)
    wait_for(
        opts.connect_timeout,
        [&] {
          const Totals t = h.totals();
          return t.ready >= static_cast<std::uint64_t>(std::max<std::int64_t>(0, t.open));
        },
        [&](double e) { progress.tick("ready", e, h.totals()); });
  const ServerSample s1 = sample_server(opts.server_pids);
  const double cpu1 = self_cpu_seconds();
  const Totals live = h.totals();
  run.phase.store(kSending);  // closes from here on are drops
  wait_for(
      opts.settle, [] { return false; },
      [&](double e) { progress.tick("settling", e, h.totals()); });
  const Totals settled = h.totals();
  h.shutdown(std::max(5.0, opts.connect_timeout));

  ConnectStats cs;
  std::map<std::string, std::uint64_t> hs_fail, drops, err_codes;
  std::uint64_t other = 0, verified = 0, mismatches = 0;
  std::string first_mismatch;
  for (auto& w : h.workers()) {
    merge_connect(cs, w->stats.connect);
    merge_into(hs_fail, w->stats.handshake_failures);
    merge_into(drops, w->stats.drops);
    merge_into(err_codes, w->stats.error_codes);
    other += w->stats.other_frames;
    verified += w->stats.verified;
    mismatches += w->stats.verify_mismatch;
    if (first_mismatch.empty()) first_mismatch = w->stats.first_mismatch;
  }
  const std::uint64_t done = opts.gateway ? live.ready : live.handshakes_ok;
  const std::int64_t end_ns = opts.gateway ? cs.last_ready_ns : cs.last_101_ns;
  const double span_s =
      end_ns > cs.first_start_ns ? static_cast<double>(end_ns - cs.first_start_ns) / 1e9 : 0;
  const double per_s = span_s > 0 ? static_cast<double>(done) / span_s : 0;
  auto ms = [](std::uint64_t ns) { return static_cast<double>(ns) / 1e6; };
  auto line = [&](const char* name, const Histogram& L) {
    std::printf("  %-26s p50 %.3f  p90 %.3f  p99 %.3f  max %.3f ms (%llu)\n", name,
                ms(L.quantile(0.5)), ms(L.quantile(0.9)), ms(L.quantile(0.99)), ms(L.max()),
                static_cast<unsigned long long>(L.count()));
  };
  const double server_cpu = s1.cpu_seconds - s0.cpu_seconds;

  std::printf("== parley-load connect ==\n");
  std::printf("target        ws://%s%s, %zu user(s), %d at a time, %d thread(s)\n",
              target.host_header.c_str(), path.c_str(), sessions.size(), opts.connect_concurrency,
              opts.threads);
  std::printf(
      "connections   requested %d, handshakes ok %llu, failed %llu, %s %llu; still open after "
      "%.1f s: %lld (dropped: %s)\n",
      opts.connections, static_cast<unsigned long long>(live.handshakes_ok),
      static_cast<unsigned long long>(live.failed), opts.gateway ? "ready received" : "open",
      static_cast<unsigned long long>(done), opts.settle, static_cast<long long>(settled.open),
      to_text(drops).c_str());
  std::printf("  handshake failures: %s; error frames: %s\n", to_text(hs_fail).c_str(),
              to_text(err_codes).c_str());
  std::printf("rate          %.0f connects/s (%llu in %.3f s, first connect to last %s)\n", per_s,
              static_cast<unsigned long long>(done), span_s, opts.gateway ? "ready" : "101");
  line("connect -> 101", cs.connect_to_101_ns);
  if (opts.gateway) {
    line("connect -> ready", cs.connect_to_ready_ns);
    line("upgrade request -> ready", cs.request_to_ready_ns);
    line("101 -> ready", cs.upgrade_to_ready_ns);
    const std::uint64_t n = cs.connect_to_ready_ns.count();
    std::printf(
        "ready         %llu-%llu bytes (mean %.0f), %llu servers, %llu channels; malformed %llu, "
        "without --channel-id %llu; scanner verified %llu frames, %llu mismatches%s%s\n",
        static_cast<unsigned long long>(n ? cs.ready_bytes_min : 0),
        static_cast<unsigned long long>(cs.ready_bytes_max),
        n ? static_cast<double>(cs.ready_bytes_sum) / static_cast<double>(n) : 0.0,
        static_cast<unsigned long long>(cs.ready_servers),
        static_cast<unsigned long long>(cs.ready_channels),
        static_cast<unsigned long long>(cs.ready_bad),
        static_cast<unsigned long long>(opts.channel_id >= 0 ? cs.ready_without_channel : 0),
        static_cast<unsigned long long>(verified), static_cast<unsigned long long>(mismatches),
        first_mismatch.empty() ? "" : ": ", first_mismatch.c_str());
  }
  std::printf("tool CPU      %.3f s\n", cpu1 - cpu0);
  if (!opts.server_pids.empty())
    std::printf(
        "server CPU    %.3f s while connecting (%.1f us per connect), RSS %lld -> %lld KiB\n",
        server_cpu, done ? server_cpu * 1e6 / static_cast<double>(done) : 0.0,
        static_cast<long long>(s0.rss_kib), static_cast<long long>(s1.rss_kib));
  if (!opts.json_file.empty()) {
    json::object o;
    o["mode"] = "connect";
    o["target"] = {{"url", opts.url}, {"path", path}};
    o["config"] = {{"connections", opts.connections},
                   {"connect_concurrency", opts.connect_concurrency},
                   {"threads", opts.threads},
                   {"users", sessions.size()},
                   {"gateway", opts.gateway}};
    o["connections"] = {{"handshakes_ok", live.handshakes_ok},
                        {"failed", live.failed},
                        {"completed", done},
                        {"open_after_settle", settled.open},
                        {"handshake_failures", to_json(hs_fail)},
                        {"drops", to_json(drops)},
                        {"error_frames", to_json(err_codes)}};
    o["rate"] = {{"connects_per_s", per_s}, {"span_s", span_s}};
    o["connect"] = connect_json(cs);
    o["tool"] = {{"cpu_s", cpu1 - cpu0}, {"verify_mismatches", mismatches}};
    if (!opts.server_pids.empty())
      o["server"] = {
          {"cpu_s", server_cpu},
          {"cpu_us_per_connect", done ? server_cpu * 1e6 / static_cast<double>(done) : 0.0},
          {"rss_kib_before", s0.rss_kib},
          {"rss_kib_after", s1.rss_kib}};
    write_json_file(opts.json_file, o);
    std::printf("json          %s\n", opts.json_file.c_str());
  }
  const bool ok = live.failed == 0 && done == static_cast<std::uint64_t>(opts.connections) &&
                  settled.dropped == 0 && cs.ready_bad == 0 && mismatches == 0;
  return ok ? 0 : 3;
}

}  // namespace parley_load

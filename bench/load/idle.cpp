// idle mode: many authenticated sockets that only read; memory per socket and survival.
#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "harness.hpp"
#include "modes.hpp"
#include "proc_stats.hpp"
#include "report.hpp"
#include "users.hpp"

namespace parley_load {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

int run_idle(const Options& opts, const Target& target) {
  const std::uint64_t fd_limit = raise_fd_limit();
  if (static_cast<std::uint64_t>(opts.connections) + 64 > fd_limit)
    std::cerr << "warning: " << opts.connections << " sockets but RLIMIT_NOFILE is " << fd_limit
              << "\n";

  UsersReport urep;
  Options o2 = opts;
  o2.join = false;  // idle sockets only read; anyone logged in may read
  auto sessions = prepare_users(o2, target, 0, urep);
  std::cerr << "users: " << urep.logged_in << " logged in, " << urep.failed << " failed\n";
  for (const auto& e : urep.errors) std::cerr << "  " << e << "\n";
  if (sessions.empty()) {
    std::cerr << "error: no user could log in\n";
    return 1;
  }
  const std::string path = make_path(opts.path_template, opts.server_id, opts.channel_id);
  RunShared run(target, path, make_run_tag());
  run.track_deliveries = false;
  run.connect_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(opts.connect_timeout * 1000));
  run.verify_every = opts.verify_every;
  std::cerr << "idle: " << opts.connections << " sockets to ws://" << target.host_header << path
            << " using " << sessions.size() << " user(s), hold " << opts.hold << " s, fd limit "
            << fd_limit << "\n";

  Progress progress(opts.progress);
  Harness h(run, sessions, opts.connections, 0, opts.threads, opts.connect_concurrency);
  const ServerSample s0 = sample_server(opts.server_pids);
  h.start_threads();
  const auto tc0 = Clock::now();
  const double deadline = std::min(
      900.0, opts.connect_timeout * (1.0 + std::ceil(static_cast<double>(opts.connections) /
                                                     opts.connect_concurrency)));
  h.connect_all(deadline, [&](double e) { progress.tick("connecting", e, h.totals()); });
  const double connect_s = std::chrono::duration<double>(Clock::now() - tc0).count();
  wait_for(
      opts.settle, [] { return false; },
      [&](double e) { progress.tick("settling", e, h.totals()); });
  const Totals after_connect = h.totals();
  const ServerSample s1 = sample_server(opts.server_pids);
  const double cpu0 = self_cpu_seconds();

  run.phase.store(kSending);  // from here on, closes count as drops
  const auto th0 = Clock::now();
  wait_for(
      opts.hold, [&] { return h.totals().open <= 0; },
      [&](double e) { progress.tick("holding", e, h.totals()); });
  const double hold_s = std::chrono::duration<double>(Clock::now() - th0).count();
  const ServerSample s2 = sample_server(opts.server_pids);
  const double cpu1 = self_cpu_seconds();
  const Totals after_hold = h.totals();
  h.shutdown(std::max(5.0, opts.connect_timeout));

  std::map<std::string, std::uint64_t> hs_fail, drops, err_codes;
  std::uint64_t frames = 0;
  for (auto& w : h.workers()) {
    merge_into(hs_fail, w->stats.handshake_failures);
    merge_into(drops, w->stats.drops);
    merge_into(err_codes, w->stats.error_codes);
    frames += w->stats.frames;
  }
  const auto open1 = static_cast<std::uint64_t>(std::max<std::int64_t>(0, after_connect.open));
  const auto open2 = static_cast<std::uint64_t>(std::max<std::int64_t>(0, after_hold.open));
  const double kib_per_socket =
      open1 ? static_cast<double>(s1.rss_kib - s0.rss_kib) / static_cast<double>(open1) : 0;
  const double server_hold_cpu = s2.cpu_seconds - s1.cpu_seconds;

  std::printf("== parley-load idle ==\n");
  std::printf("target        ws://%s%s, %zu user(s) logged in\n", target.host_header.c_str(),
              path.c_str(), sessions.size());
  std::printf(
      "connections   requested %d, handshakes ok %llu, failed %llu, open after connect+settle %llu "
      "(connect took %.2f s, %.0f/s)\n",
      opts.connections, static_cast<unsigned long long>(after_connect.handshakes_ok),
      static_cast<unsigned long long>(after_connect.failed), static_cast<unsigned long long>(open1),
      connect_s,
      connect_s > 0 ? static_cast<double>(after_connect.handshakes_ok) / connect_s : 0.0);
  std::printf("  handshake failures: %s\n", to_text(hs_fail).c_str());
  std::printf(
      "hold          %.1f s: still open %llu, dropped %llu (%s); data frames received %llu\n",
      hold_s, static_cast<unsigned long long>(open2),
      static_cast<unsigned long long>(after_hold.dropped), to_text(drops).c_str(),
      static_cast<unsigned long long>(frames));
  std::printf("tool CPU      %.3f s during the hold\n", cpu1 - cpu0);
  if (!opts.server_pids.empty()) {
    std::printf(
        "server RSS    %lld KiB before connecting, %lld KiB with %llu open (%+.2f KiB/socket), "
        "%lld KiB "
        "after the hold\n",
        static_cast<long long>(s0.rss_kib), static_cast<long long>(s1.rss_kib),
        static_cast<unsigned long long>(open1), kib_per_socket, static_cast<long long>(s2.rss_kib));
    std::printf(
        "server CPU    %.3f s during the hold (%.2f%% of one core; %.3f us per socket-second)\n",
        server_hold_cpu, hold_s > 0 ? 100 * server_hold_cpu / hold_s : 0.0,
        open1 && hold_s > 0 ? server_hold_cpu * 1e6 / (static_cast<double>(open1) * hold_s) : 0.0);
  }
  if (!opts.json_file.empty()) {
    json::object o;
    o["mode"] = "idle";
    o["target"] = {{"url", opts.url},
                   {"path", path},
                   {"server_id", opts.server_id},
                   {"channel_id", opts.channel_id}};
    o["config"] = {{"connections", opts.connections},
                   {"hold_s", opts.hold},
                   {"threads", opts.threads},
                   {"users", sessions.size()}};
    o["connections"] = {
        {"requested", opts.connections},  {"handshakes_ok", after_connect.handshakes_ok},
        {"failed", after_connect.failed}, {"open_after_connect", open1},
        {"connect_seconds", connect_s},   {"handshake_failures", to_json(hs_fail)}};
    o["hold"] = {{"seconds", hold_s},
                 {"still_open", open2},
                 {"dropped", after_hold.dropped},
                 {"drops", to_json(drops)},
                 {"frames_received", frames}};
    o["tool"] = {{"cpu_s_during_hold", cpu1 - cpu0}};
    if (!opts.server_pids.empty()) {
      json::array pids;
      for (int p : opts.server_pids) pids.push_back(p);
      o["server"] = {{"pids", pids},
                     {"rss_kib_before", s0.rss_kib},
                     {"rss_kib_open", s1.rss_kib},
                     {"rss_kib_after_hold", s2.rss_kib},
                     {"kib_per_socket", kib_per_socket},
                     {"cpu_s_during_hold", server_hold_cpu},
                     {"proc_ok", s0.ok && s1.ok && s2.ok}};
    }
    write_json_file(opts.json_file, o);
    std::printf("json          %s\n", opts.json_file.c_str());
  }
  return (after_connect.failed == 0 && open2 == open1 &&
          open1 == static_cast<std::uint64_t>(opts.connections))
             ? 0
             : 3;
}

}  // namespace parley_load

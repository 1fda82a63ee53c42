// fanout mode: N sockets on one channel, K senders, delivery/loss/order/latency report.
#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <random>

#include "events_report.hpp"
#include "harness.hpp"
#include "modes.hpp"
#include "proc_stats.hpp"
#include "report.hpp"
#include "users.hpp"

namespace parley_load {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

std::string make_run_tag() {
  std::random_device rd;
  std::mt19937_64 g((static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^
                    static_cast<std::uint64_t>(Clock::now().time_since_epoch().count()));
  char b[17];
  std::snprintf(b, sizeof b, "%08llx", static_cast<unsigned long long>(g() & 0xffffffffULL));
  return b;
}

namespace {

double connect_deadline(const Options& o) {
  return std::min(600.0, o.connect_timeout * (1.0 + std::ceil(static_cast<double>(o.connections) /
                                                              o.connect_concurrency)));
}

}  // namespace

int run_fanout(const Options& opts, const Target& target) {
  const std::uint64_t fd_limit = raise_fd_limit();
  if (static_cast<std::uint64_t>(opts.connections) + 64 > fd_limit)
    std::cerr << "warning: " << opts.connections << " sockets with RLIMIT_NOFILE " << fd_limit
              << "\n";

  const int K = opts.senders;
  UsersReport urep;
  std::cerr << "logging in " << opts.users.size() << " user(s)"
            << (opts.do_register ? " (registering first)" : "") << "...\n";
  // Gateway sockets receive only their users' servers: every user joins, not only senders.
  const int joiners = opts.gateway ? static_cast<int>(opts.users.size())
                                   : std::min<int>(K, static_cast<int>(opts.users.size()));
  auto sessions = prepare_users(opts, target, joiners, urep);
  std::cerr << "users: " << urep.logged_in << " logged in, " << urep.failed << " failed ("
            << fmt(urep.seconds, 1) << " s)\n";
  for (const auto& e : urep.errors) std::cerr << "  " << e << "\n";
  if (sessions.empty()) {
    std::cerr << "error: no user could log in\n";
    return 1;
  }

  // Per-user rate check: senders take sessions round-robin.
  const std::size_t U = sessions.size();
  const std::size_t senders_per_user = K > 0 ? (static_cast<std::size_t>(K) + U - 1) / U : 0;
  if (K > 0 && static_cast<std::size_t>(K) > U)
    std::cerr << "warning: " << K << " senders share " << U << " user(s) (" << senders_per_user
              << " senders per user)\n";
  if (K > 0 && !opts.closed_loop) {
    const double per_user = opts.rate / K * static_cast<double>(senders_per_user);
    if (per_user > opts.per_user_rate)
      std::cerr << "warning: --rate " << opts.rate << " over " << K << " senders / "
                << std::min<std::size_t>(U, K) << " users is " << fmt(per_user, 1)
                << " msgs/s per user, above --per-user-rate " << opts.per_user_rate
                << "; a rate-limiting server will refuse some (use more --senders and "
                << "users: at least " << static_cast<int>(std::ceil(opts.rate / opts.per_user_rate))
                << ")\n";
  }
  if (K > 0 && opts.closed_loop)
    std::cerr << "note: closed loop is not paced; a server limiting each user to ~"
              << opts.per_user_rate
              << " msgs/s will answer rate_limited (counted; the sender backs off "
              << opts.backoff_ms << " ms)\n";

  const std::string path = make_path(opts.path_template, opts.server_id, opts.channel_id);
  RunShared run(target, path, make_run_tag());
  if (!opts.node_urls.empty()) {
    run.nodes.push_back(target);
    for (const auto& url : opts.node_urls)
      run.nodes.push_back(resolve_target(url, opts.allow_remote));
    if (opts.senders_node >= static_cast<int>(run.nodes.size()))
      throw std::runtime_error("--senders-node names no node");
    run.senders_node = opts.senders_node;
  }
  run.track_deliveries = true;
  run.num_senders = static_cast<std::uint32_t>(K);
  run.payload_size = static_cast<std::size_t>(opts.payload_size);
  run.parley_protocol = opts.parley_protocol;
  run.closed_loop = opts.closed_loop;
  if (!opts.closed_loop && K > 0) {
    run.send_interval = std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 * K / opts.rate));
    run.rate_offset = std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / opts.rate));
    run.seq_bits_hint =
        static_cast<std::uint32_t>(std::min(65536.0, opts.rate * opts.duration / K + 64));
  }
  run.echo_timeout = std::chrono::nanoseconds(static_cast<std::int64_t>(opts.echo_timeout * 1e9));
  run.backoff = std::chrono::milliseconds(opts.backoff_ms);
  run.connect_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(opts.connect_timeout * 1000));
  run.verify_every = opts.verify_every;
  run.max_messages = opts.max_messages;
  run.events = opts.events;
  run.gateway = opts.gateway;
  run.channel_id = opts.channel_id;
  run.mix = opts.mix;
  run.rest_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(opts.rest_timeout * 1000));
  std::int64_t rest_base = -1;  // the channel's last seq before the run, from the events route
  if (opts.events) {
    std::string err;
    rest_base = fetch_last_seq(target, sessions.front().cookie, opts.channel_id, err);
    if (rest_base < 0) {
      std::cerr << "error: " << err << "\n";
      return 1;
    }
    // Channel sockets count from it; gateway sockets from their ready frame's last_seq.
    if (!opts.gateway) run.base_seq = rest_base;
  }

  std::cerr << "fanout: " << opts.connections << " sockets to ws://" << target.host_header << path
            << ", " << K << " sender(s), "
            << (opts.closed_loop ? std::string("closed loop") : fmt(opts.rate, 1) + " msgs/s total")
            << ", " << opts.duration << " s, run tag " << run.scanner.run_tag() << ", "
            << opts.threads << " thread(s)"
            << (opts.events ? ", event frames, mix " + opts.mix.text() : std::string()) << "\n";

  Progress progress(opts.progress);
  Harness h(run, sessions, opts.connections, K, opts.threads, opts.connect_concurrency);
  h.start_threads();
  const auto tc0 = Clock::now();
  h.connect_all(connect_deadline(opts),
                [&](double e) { progress.tick("connecting", e, h.totals()); });
  const double connect_s = std::chrono::duration<double>(Clock::now() - tc0).count();
  if (opts.gateway)  // every open gateway has its ready frame (and so its base seq)
    wait_for(
        opts.connect_timeout,
        [&] {
          const Totals t = h.totals();
          return t.ready >= static_cast<std::uint64_t>(std::max<std::int64_t>(0, t.open));
        },
        [&](double e) { progress.tick("ready", e, h.totals()); });
  wait_for(
      opts.settle, [] { return false; },
      [&](double e) { progress.tick("settling", e, h.totals()); });

  // Measured window starts.
  const ServerSample s0 = sample_server(opts.server_pids);
  const double cpu0 = self_cpu_seconds();
  run.send_start = Clock::now() + std::chrono::milliseconds(20);
  run.phase.store(kSending);
  std::uint64_t receivers = 0;
  {
    std::atomic<std::uint64_t> n{0};
    h.for_each_conn([&](Conn& c) {
      c.begin_sending();
      if (c.open_at_start()) n.fetch_add(1);
    });
    receivers = n.load();
  }
  const auto t_send0 = run.send_start;
  if (receivers == 0) std::cerr << "error: no socket is open; nothing to measure\n";
  wait_for(
      opts.duration,
      [&] {
        return receivers == 0 || run.send_tickets.load() >= opts.max_messages ||
               h.totals().open <= 0;
      },
      [&](double e) { progress.tick("sending", e, h.totals()); });
  run.phase.store(kDraining);
  h.for_each_conn([](Conn& c) { c.stop_sending(); });
  const auto t_send1 = Clock::now();
  wait_for(
      opts.grace,
      [&] {
        const Totals t = h.totals();
        if (opts.events)  // every message and every 2xx REST action is one event per receiver
          return t.dropped == 0 && t.sent <= t.acked + t.resolved_without_echo &&
                 t.rest_resolved >= t.rest_submitted &&
                 t.events >= (t.acked + t.rest_ok) * receivers;
        return t.dropped == 0 && t.sent <= t.acked + t.resolved_without_echo &&
               t.received >= t.acked * receivers;
      },
      [&](double e) { progress.tick("draining", e, h.totals()); });
  const auto t_end = Clock::now();
  const double cpu1 = self_cpu_seconds();
  const ServerSample s1 = sample_server(opts.server_pids);
  // Measured window ends.
  std::int64_t final_seq = -1;
  std::string final_err;
  if (opts.events)
    final_seq = fetch_last_seq(target, sessions.front().cookie, opts.channel_id, final_err);

  h.shutdown(std::max(2.0, opts.connect_timeout));
  const Totals live = h.totals();

  // Merge per-thread statistics (threads have stopped).
  WorkerStats all;
  std::int64_t last_delivery_ns = 0;
  std::map<std::string, std::uint64_t> hs_fail, drops, err_codes;
  std::string first_mismatch;
  std::vector<const BitVector*> acked_by(static_cast<std::size_t>(K), nullptr);
  for (auto& w : h.workers()) {
    auto& s = w->stats;
    all.latency_ns.merge(s.latency_ns);
    all.cross_node_latency_ns.merge(s.cross_node_latency_ns);
    all.frames += s.frames;
    all.chat_frames += s.chat_frames;
    all.foreign += s.foreign;
    all.other_frames += s.other_frames;
    all.duplicates += s.duplicates;
    all.id_order_violations += s.id_order_violations;
    all.seq_backwards += s.seq_backwards;
    all.missing_id += s.missing_id;
    all.verified += s.verified;
    all.verify_mismatch += s.verify_mismatch;
    all.echo_timeouts += s.echo_timeouts;
    last_delivery_ns = std::max(last_delivery_ns, s.last_delivery_ns);
    merge_into(hs_fail, s.handshake_failures);
    merge_into(drops, s.drops);
    merge_into(err_codes, s.error_codes);
    if (first_mismatch.empty()) first_mismatch = s.first_mismatch;
    for (auto& c : w->conns)
      if (c->sender_index() >= 0)
        acked_by[static_cast<std::size_t>(c->sender_index())] = c->acked();
  }
  std::uint64_t acked_msgs = 0;
  for (auto* a : acked_by)
    if (a) acked_msgs += a->count();
  std::uint64_t expected = 0, delivered_of_acked = 0;
  for (auto& w : h.workers())
    for (auto& c : w->conns) {
      if (!c->open_at_start()) continue;
      for (std::uint32_t s = 0; s < static_cast<std::uint32_t>(K); ++s) {
        if (!acked_by[s]) continue;
        expected += acked_by[s]->count();
        if (c->seen().rows() > s) delivered_of_acked += c->seen().count_and(s, *acked_by[s]);
      }
    }
  // With event frames a delivery is any event frame of the channel arriving at a socket.
  const std::uint64_t delivered = opts.events ? live.events : live.received;
  const std::uint64_t lost = expected - std::min(expected, delivered_of_acked);
  const double window_s = std::max(0.0, std::chrono::duration<double>(t_end - t_send0).count());
  const double send_s = std::max(0.0, std::chrono::duration<double>(t_send1 - t_send0).count());
  const double to_last_s =
      last_delivery_ns > 0
          ? static_cast<double>(
                last_delivery_ns -
                std::chrono::duration_cast<std::chrono::nanoseconds>(t_send0.time_since_epoch())
                    .count()) /
                1e9
          : 0.0;
  const double rate_window = window_s > 0 ? static_cast<double>(delivered) / window_s : 0;
  const double rate_to_last = to_last_s > 0 ? static_cast<double>(delivered) / to_last_s : 0;
  const double tool_cpu = cpu1 - cpu0;
  const double tool_per_100k = delivered ? tool_cpu / static_cast<double>(delivered) * 1e5 : 0;
  const auto& L = all.latency_ns;
  auto ms = [](std::uint64_t ns) { return static_cast<double>(ns) / 1e6; };

  // ---- human-readable summary (stdout)
  std::printf("== parley-load fanout ==\n");
  std::printf("target        ws://%s%s (%s protocol), run tag %s\n", target.host_header.c_str(),
              path.c_str(), opts.parley_protocol ? "parley" : "original",
              run.scanner.run_tag().c_str());
  std::printf(
      "config        %d sockets, %d senders, %s, duration %.1f s, grace %.1f s, payload %d B, %d "
      "thread(s)\n",
      opts.connections, K,
      opts.closed_loop ? "closed loop" : (fmt(opts.rate, 1) + " msgs/s total").c_str(),
      opts.duration, opts.grace, opts.payload_size, opts.threads);
  std::printf("users         %d logged in (%d registered, %d existed), %d failed; joins: %s\n", urep.logged_in,
                urep.registered, urep.already_existed, urep.failed,
                urep.join_results.empty() ? "none" : [&] {
                    std::string s;
                    for (auto& [k, v] : urep.join_results) s += (s.empty() ? "" : ", ") + k + " x" + std::to_string(v);
                    return s;
                }().c_str());
  std::printf(
      "connections   requested %d, handshakes ok %llu, failed %llu (incl. closed right after "
      "accept), "
      "open when sending started %llu (connect took %.2f s)\n",
      opts.connections, static_cast<unsigned long long>(live.handshakes_ok),
      static_cast<unsigned long long>(live.failed), static_cast<unsigned long long>(receivers),
      connect_s);
  std::printf("  handshake failures: %s\n", to_text(hs_fail).c_str());
  std::printf("  dropped during run: %s\n", to_text(drops).c_str());
  std::printf(
      "messages      sent %llu, acknowledged by echo %llu, not echoed %llu (echo timeouts %llu)\n",
      static_cast<unsigned long long>(live.sent), static_cast<unsigned long long>(acked_msgs),
      static_cast<unsigned long long>(live.sent - std::min(live.sent, acked_msgs)),
      static_cast<unsigned long long>(all.echo_timeouts));
  std::printf("  error frames: %s\n", to_text(err_codes).c_str());
  std::printf(
      "deliveries    expected %llu (acknowledged x receivers), delivered %llu of them, lost %llu "
      "(%.4f%%); "
      "all unique deliveries %llu\n",
      static_cast<unsigned long long>(expected),
      static_cast<unsigned long long>(delivered_of_acked), static_cast<unsigned long long>(lost),
      expected ? 100.0 * static_cast<double>(lost) / static_cast<double>(expected) : 0.0,
      static_cast<unsigned long long>(delivered));
  std::printf(
      "  duplicates %llu, id order violations %llu, sender seq backwards %llu, frames without id "
      "%llu\n",
      static_cast<unsigned long long>(all.duplicates),
      static_cast<unsigned long long>(all.id_order_violations),
      static_cast<unsigned long long>(all.seq_backwards),
      static_cast<unsigned long long>(all.missing_id));
  std::printf(
      "  foreign chat frames %llu, other frames %llu; scanner verified on %llu frames, %llu "
      "mismatches\n",
      static_cast<unsigned long long>(all.foreign),
      static_cast<unsigned long long>(all.other_frames),
      static_cast<unsigned long long>(all.verified),
      static_cast<unsigned long long>(all.verify_mismatch));
  if (!first_mismatch.empty()) std::printf("  first mismatch: %s\n", first_mismatch.c_str());
  EventTotals ev;
  if (opts.events) {
    ev = collect_events(h, final_seq, true);
    if (final_seq < 0) std::printf("events        %s\n", final_err.c_str());
    if (final_seq >= 0 && rest_base >= 0)
      std::printf(
          "  the channel's seq went from %lld to %lld: %lld events; the tool made %llu "
          "(acknowledged "
          "messages %llu + REST 2xx %llu)\n",
          static_cast<long long>(rest_base), static_cast<long long>(final_seq),
          static_cast<long long>(final_seq - rest_base),
          static_cast<unsigned long long>(acked_msgs + live.rest_ok),
          static_cast<unsigned long long>(acked_msgs),
          static_cast<unsigned long long>(live.rest_ok));
    print_events(ev);
    if (opts.gateway) {
      const auto& c = ev.connect;
      std::printf(
          "gateway       %llu ready frames (%llu-%llu bytes, %llu servers / %llu channels), "
          "connect-to-ready p50 %.3f p99 %.3f ms; %llu without the channel, %llu malformed\n",
          static_cast<unsigned long long>(live.ready),
          static_cast<unsigned long long>(c.connect_to_ready_ns.count() ? c.ready_bytes_min : 0),
          static_cast<unsigned long long>(c.ready_bytes_max),
          static_cast<unsigned long long>(c.ready_servers),
          static_cast<unsigned long long>(c.ready_channels),
          ms(c.connect_to_ready_ns.quantile(0.5)), ms(c.connect_to_ready_ns.quantile(0.99)),
          static_cast<unsigned long long>(c.ready_without_channel),
          static_cast<unsigned long long>(c.ready_bad));
    }
  }
  std::printf(
      "throughput    %.0f deliveries/s over the window (%.2f s: send %.2f s + drain), %.0f/s up to "
      "the "
      "last delivery (%.2f s); %.1f msgs/s sent\n",
      rate_window, window_s, send_s, rate_to_last, to_last_s,
      send_s > 0 ? static_cast<double>(live.sent) / send_s : 0.0);
  std::printf(
      "latency ms    p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f  (%llu "
      "samples)\n",
      ms(L.quantile(0.5)), ms(L.quantile(0.9)), ms(L.quantile(0.99)), ms(L.quantile(0.999)),
      ms(L.max()), L.mean() / 1e6, static_cast<unsigned long long>(L.count()));
  const auto& X = all.cross_node_latency_ns;
  if (!run.nodes.empty())
    std::printf(
        "  cross-node  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (%llu samples, %zu "
        "nodes)\n",
        ms(X.quantile(0.5)), ms(X.quantile(0.9)), ms(X.quantile(0.99)), ms(X.quantile(0.999)),
        ms(X.max()), static_cast<unsigned long long>(X.count()), run.nodes.size());
  std::printf(
      "tool CPU      %.3f s in the window (%.1f%% of one core), %.3f CPU-s per 100k deliveries\n",
      tool_cpu, window_s > 0 ? 100 * tool_cpu / window_s : 0.0, tool_per_100k);
  double server_cpu = 0, server_us_per = 0;
  if (!opts.server_pids.empty()) {
    server_cpu = s1.cpu_seconds - s0.cpu_seconds;
    server_us_per = delivered ? server_cpu * 1e6 / static_cast<double>(delivered) : 0;
    std::printf(
        "server CPU    %.3f s in the window (%.1f%% of one core), %.2f us per delivered "
        "message%s\n",
        server_cpu, window_s > 0 ? 100 * server_cpu / window_s : 0.0, server_us_per,
        s0.ok && s1.ok ? "" : " (some /proc reads failed)");
    std::printf("server RSS    %lld KiB before, %lld KiB after\n",
                static_cast<long long>(s0.rss_kib), static_cast<long long>(s1.rss_kib));
  }

  if (!opts.json_file.empty()) {
    json::object o;
    o["mode"] = "fanout";
    o["target"] = {{"url", opts.url},
                   {"path", path},
                   {"server_id", opts.server_id},
                   {"channel_id", opts.channel_id},
                   {"protocol", opts.parley_protocol ? "parley" : "original"},
                   {"run_tag", run.scanner.run_tag()}};
    json::object cfg{{"connections", opts.connections}, {"senders", K},
                     {"closed_loop", opts.closed_loop}, {"duration_s", opts.duration},
                     {"grace_s", opts.grace},           {"payload_size", opts.payload_size},
                     {"threads", opts.threads},         {"max_messages", opts.max_messages}};
    if (!opts.closed_loop) cfg["rate"] = opts.rate;
    o["config"] = cfg;
    o["users"] = {{"logged_in", urep.logged_in},
                  {"registered", urep.registered},
                  {"already_existed", urep.already_existed},
                  {"failed", urep.failed},
                  {"join_results",
                   [&] {
                     json::object j;
                     for (auto& [k, v] : urep.join_results) j[k] = v;
                     return j;
                   }()},
                  {"seconds", urep.seconds}};
    o["connections"] = {{"requested", opts.connections},
                        {"handshakes_ok", live.handshakes_ok},
                        {"failed", live.failed},
                        {"receivers_at_start", receivers},
                        {"connect_seconds", connect_s},
                        {"handshake_failures", to_json(hs_fail)},
                        {"dropped_during_run", to_json(drops)}};
    o["messages"] = {{"sent", live.sent},
                     {"acked", acked_msgs},
                     {"not_acked", live.sent - std::min(live.sent, acked_msgs)},
                     {"echo_timeouts", all.echo_timeouts},
                     {"error_frames", to_json(err_codes)}};
    o["deliveries"] = {
        {"expected", expected},
        {"delivered_of_expected", delivered_of_acked},
        {"lost", lost},
        {"loss_ratio", expected ? static_cast<double>(lost) / static_cast<double>(expected) : 0.0},
        {"unique_deliveries", delivered},
        {"duplicates", all.duplicates},
        {"id_order_violations", all.id_order_violations},
        {"seq_backwards", all.seq_backwards},
        {"missing_id", all.missing_id},
        {"foreign_chat_frames", all.foreign},
        {"other_frames", all.other_frames},
        {"verified_frames", all.verified},
        {"verify_mismatches", all.verify_mismatch},
        {"first_mismatch", first_mismatch}};
    o["throughput"] = {{"window_s", window_s},
                       {"send_s", send_s},
                       {"to_last_delivery_s", to_last_s},
                       {"deliveries_per_s", rate_window},
                       {"deliveries_per_s_to_last", rate_to_last},
                       {"sent_per_s", send_s > 0 ? static_cast<double>(live.sent) / send_s : 0.0}};
    o["latency_ms"] = {{"p50", ms(L.quantile(0.5))},  {"p90", ms(L.quantile(0.9))},
                       {"p99", ms(L.quantile(0.99))}, {"p999", ms(L.quantile(0.999))},
                       {"max", ms(L.max())},          {"min", ms(L.min())},
                       {"mean", L.mean() / 1e6},      {"samples", L.count()}};
    if (!run.nodes.empty()) {
      const auto& X = all.cross_node_latency_ns;
      o["cross_node_latency_ms"] = {{"p50", ms(X.quantile(0.5))},  {"p90", ms(X.quantile(0.9))},
                                    {"p99", ms(X.quantile(0.99))}, {"p999", ms(X.quantile(0.999))},
                                    {"max", ms(X.max())},          {"samples", X.count()},
                                    {"nodes", run.nodes.size()}};
    }
    o["tool"] = {{"cpu_s", tool_cpu},
                 {"cpu_s_per_100k_deliveries", tool_per_100k},
                 {"cpu_fraction_of_core", window_s > 0 ? tool_cpu / window_s : 0.0},
                 {"threads", opts.threads}};
    if (!opts.server_pids.empty()) {
      json::array pids;
      for (int p : opts.server_pids) pids.push_back(p);
      o["server"] = {{"pids", pids},
                     {"cpu_s", server_cpu},
                     {"cpu_us_per_delivery", server_us_per},
                     {"cpu_fraction_of_core", window_s > 0 ? server_cpu / window_s : 0.0},
                     {"rss_kib_before", s0.rss_kib},
                     {"rss_kib_after", s1.rss_kib},
                     {"proc_ok", s0.ok && s1.ok}};
    }
    if (opts.events) {
      json::object e = events_json(ev);
      e["mix"] = opts.mix.text();
      e["seq_before"] = rest_base;
      e["made_by_tool"] = acked_msgs + live.rest_ok;
      e["rest_ok"] = live.rest_ok;
      if (opts.gateway) e["gateway"] = connect_json(ev.connect);
      o["events"] = e;
    }
    write_json_file(opts.json_file, o);
    std::printf("json          %s\n", opts.json_file.c_str());
  }
  const bool events_ok =
      !opts.events || (final_seq >= 0 && ev.lost == 0 && ev.duplicates == 0 &&
                       ev.out_of_order == 0 && ev.bad_seq == 0 && ev.connect.ready_bad == 0);
  return (live.failed == 0 && lost == 0 && all.duplicates == 0 && all.verify_mismatch == 0 &&
          events_ok)
             ? 0
             : 3;
}

}  // namespace parley_load

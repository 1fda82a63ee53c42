// catchup mode: how long a client that was away takes to catch a channel up from seq 0, the
// two ways SPEC §6 offers: paging the events route, and a channel socket with ?after_seq=0.
// Each way must give every seq from 1 to the channel's last_seq exactly once, in order.
#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "events_report.hpp"
#include "harness.hpp"
#include "modes.hpp"
#include "report.hpp"
#include "rest_client.hpp"
#include "users.hpp"

namespace parley_load {

namespace json = boost::json;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

namespace {

struct RoundResult {
  double ms = 0;
  std::uint64_t got = 0, missing = 0, duplicates = 0, out_of_order = 0, pages = 0, bytes = 0;
  std::string error;
};

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Pages GET /api/channels/{c}/events/?after_seq=N&limit=K from 0 until `last`, over one
// keep-alive connection, each page asked for as soon as the previous one has arrived.
RoundResult page_events(const Target& target, const Session& s, std::int64_t channel,
                        std::int64_t last, int limit, double timeout_s) {
  RoundResult r;
  boost::asio::io_context ioc;
  auto rc = std::make_shared<RestClient>(
      ioc, target, s.cookie,
      std::chrono::milliseconds(static_cast<std::int64_t>(timeout_s * 1000)));
  SeqTracker tr;
  tr.set_base(0);
  std::int64_t after = 0;
  std::function<void()> ask = [&] {
    rc->submit(
        [&](RestClient::Request& q) {
          q.verb = http::verb::get;
          q.path = "/api/channels/" + std::to_string(channel) +
                   "/events/?after_seq=" + std::to_string(after) +
                   "&limit=" + std::to_string(limit);
          return true;
        },
        [&](int status, std::string_view body) {
          ++r.pages;
          r.bytes += body.size();
          if (status != 200) {
            r.error = "GET events after_seq=" + std::to_string(after) + ": HTTP " +
                      std::to_string(status) + " " + std::string(body.substr(0, 200));
            return;
          }
          boost::system::error_code ec;
          const json::value v = json::parse(body, ec);
          const auto* o = ec ? nullptr : v.if_object();
          const auto* evs = o ? o->if_contains("events") : nullptr;
          if (!evs || !evs->is_array()) {
            r.error = "events page is not {\"events\": [...]}: " + std::string(body.substr(0, 200));
            return;
          }
          if (evs->get_array().size() > static_cast<std::size_t>(limit)) {
            r.error = "a page has " + std::to_string(evs->get_array().size()) +
                      " events, more than limit=" + std::to_string(limit);
            return;
          }
          for (const auto& e : evs->get_array()) {
            const auto* eo = e.if_object();
            const auto* seq = eo ? eo->if_contains("seq") : nullptr;
            if (!seq || !seq->is_int64()) {
              r.error = "an event without an integer seq";
              return;
            }
            tr.record(seq->get_int64());
            after = std::max(after, seq->get_int64());
          }
          if (evs->get_array().empty() || after >= last) return;
          ask();
        });
  };
  const auto t0 = Clock::now();
  ask();
  ioc.run();
  r.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  r.got = tr.seen_up_to(last);
  r.missing = tr.missing_up_to(last);
  r.duplicates = tr.duplicates();
  r.out_of_order = tr.out_of_order();
  return r;
}

// One channel socket with ?after_seq=0: from the TCP connect until the last_seq-th event.
RoundResult replay_socket(const Options& opts, const Target& target,
                          const std::vector<Session>& sessions, std::int64_t last) {
  RoundResult r;
  const std::string path =
      make_path("/ws/{s}/{c}", opts.server_id, opts.channel_id) + "?after_seq=0";
  RunShared run(target, path, make_run_tag());
  run.events = true;
  run.channel_id = opts.channel_id;
  run.base_seq = 0;
  run.verify_every = opts.verify_every;
  run.connect_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(opts.connect_timeout * 1000));
  Harness h(run, sessions, 1, 0, 1, 1);
  h.start_threads();
  h.connect_all(opts.connect_timeout, [](double) {});
  wait_for(
      opts.duration,
      [&] { return h.totals().events >= static_cast<std::uint64_t>(last) || h.totals().open <= 0; },
      [](double) {});
  h.shutdown(2.0);
  auto& w = *h.workers().front();
  const SeqTracker& tr = w.conns.front()->tracker();
  r.got = tr.seen_up_to(last);
  r.missing = tr.missing_up_to(last);
  r.duplicates = tr.duplicates();
  r.out_of_order = tr.out_of_order();
  if (!w.stats.handshake_failures.empty())
    r.error = "handshake: " + to_text(w.stats.handshake_failures);
  if (!w.stats.drops.empty())
    r.error += (r.error.empty() ? "" : "; ") + std::string("closed: ") + to_text(w.stats.drops);
  if (w.stats.resync_frames)
    r.error += (r.error.empty() ? "" : "; ") + std::string("resync_required");
  if (w.stats.verify_mismatch) r.error += (r.error.empty() ? "" : "; ") + w.stats.first_mismatch;
  if (r.missing == 0 && w.stats.last_delivery_ns > w.stats.connect.first_start_ns)
    r.ms = static_cast<double>(w.stats.last_delivery_ns - w.stats.connect.first_start_ns) / 1e6;
  return r;
}

json::object round_json(const RoundResult& r) {
  return {{"ms", r.ms},
          {"got", r.got},
          {"missing", r.missing},
          {"duplicates", r.duplicates},
          {"out_of_order", r.out_of_order},
          {"pages", r.pages},
          {"bytes", r.bytes},
          {"error", r.error}};
}

}  // namespace

int run_catchup(const Options& opts, const Target& target) {
  UsersReport urep;
  Options o2 = opts;
  o2.join = false;
  auto sessions = prepare_users(o2, target, 0, urep);
  for (const auto& e : urep.errors) std::cerr << "  " << e << "\n";
  if (sessions.empty()) {
    std::cerr << "error: no user could log in\n";
    return 1;
  }
  std::string err;
  const std::int64_t last = fetch_last_seq(target, sessions.front().cookie, opts.channel_id, err);
  if (last < 0) {
    std::cerr << "error: " << err << "\n";
    return 1;
  }
  if (last == 0) {
    std::cerr << "error: channel " << opts.channel_id << " has no events\n";
    return 1;
  }
  std::cerr << "catchup: channel " << opts.channel_id << " has " << last << " events; "
            << opts.rounds << " round(s)\n";
  std::vector<RoundResult> rest, sock;
  for (int i = 0; i < opts.rounds; ++i) {
    rest.push_back(page_events(target, sessions.front(), opts.channel_id, last, opts.page_limit,
                               opts.rest_timeout));
    sock.push_back(replay_socket(opts, target, sessions, last));
  }
  auto ok = [](const RoundResult& r) {
    return r.error.empty() && r.missing == 0 && r.duplicates == 0 && r.out_of_order == 0;
  };
  std::printf("== parley-load catchup ==\n");
  std::printf("channel       %lld, last_seq %lld, user %s\n",
              static_cast<long long>(opts.channel_id), static_cast<long long>(last),
              sessions.front().user.c_str());
  bool all_ok = true;
  std::vector<double> rest_ms, sock_ms;
  for (int i = 0; i < opts.rounds; ++i) {
    const auto& a = rest[static_cast<std::size_t>(i)];
    const auto& b = sock[static_cast<std::size_t>(i)];
    all_ok = all_ok && ok(a) && ok(b);
    rest_ms.push_back(a.ms);
    sock_ms.push_back(b.ms);
    std::printf(
        "round %d       events route: %.1f ms, %llu pages of <= %d, %llu bytes, got %llu, missing "
        "%llu, dup %llu, out of order %llu%s%s\n",
        i + 1, a.ms, static_cast<unsigned long long>(a.pages), opts.page_limit,
        static_cast<unsigned long long>(a.bytes), static_cast<unsigned long long>(a.got),
        static_cast<unsigned long long>(a.missing), static_cast<unsigned long long>(a.duplicates),
        static_cast<unsigned long long>(a.out_of_order), a.error.empty() ? "" : "; ",
        a.error.c_str());
    std::printf(
        "              socket ?after_seq=0: %.1f ms to the last event, got %llu, missing %llu, dup "
        "%llu, out of order %llu%s%s\n",
        b.ms, static_cast<unsigned long long>(b.got), static_cast<unsigned long long>(b.missing),
        static_cast<unsigned long long>(b.duplicates),
        static_cast<unsigned long long>(b.out_of_order), b.error.empty() ? "" : "; ",
        b.error.c_str());
  }
  std::printf("median        events route %.1f ms, socket replay %.1f ms\n", median(rest_ms),
              median(sock_ms));
  if (!opts.json_file.empty()) {
    json::object o;
    o["mode"] = "catchup";
    o["channel_id"] = opts.channel_id;
    o["last_seq"] = last;
    o["page_limit"] = opts.page_limit;
    json::array ra, sa;
    for (auto& r : rest) ra.push_back(round_json(r));
    for (auto& r : sock) sa.push_back(round_json(r));
    o["events_route"] = {{"rounds", ra}, {"median_ms", median(rest_ms)}};
    o["socket_replay"] = {{"rounds", sa}, {"median_ms", median(sock_ms)}};
    o["ok"] = all_ok;
    write_json_file(opts.json_file, o);
    std::printf("json          %s\n", opts.json_file.c_str());
  }
  return all_ok ? 0 : 3;
}

}  // namespace parley_load

#include "events_report.hpp"

#include <boost/json.hpp>

#include <cstdio>

#include "http_api.hpp"
#include "report.hpp"

namespace parley_load {

namespace json = boost::json;

namespace {
double ms(std::uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}
}  // namespace

json::object latency_json(const Histogram& L) {
  return {{"p50", ms(L.quantile(0.5))},  {"p90", ms(L.quantile(0.9))},
          {"p99", ms(L.quantile(0.99))}, {"p999", ms(L.quantile(0.999))},
          {"max", ms(L.max())},          {"mean", L.mean() / 1e6},
          {"samples", L.count()}};
}

void merge_connect(ConnectStats& a, const ConnectStats& b) {
  a.connect_to_ready_ns.merge(b.connect_to_ready_ns);
  a.request_to_ready_ns.merge(b.request_to_ready_ns);
  a.upgrade_to_ready_ns.merge(b.upgrade_to_ready_ns);
  a.connect_to_101_ns.merge(b.connect_to_101_ns);
  a.connect_to_first_event_ns.merge(b.connect_to_first_event_ns);
  a.connect_to_caught_up_ns.merge(b.connect_to_caught_up_ns);
  a.catch_ups += b.catch_ups;
  a.catch_up_pages += b.catch_up_pages;
  a.catch_up_events += b.catch_up_events;
  merge_into(a.catch_up_failures, b.catch_up_failures);
  merge_into(a.catch_up_retries, b.catch_up_retries);
  a.ready_bytes_sum += b.ready_bytes_sum;
  a.ready_bytes_min = std::min(a.ready_bytes_min, b.ready_bytes_min);
  a.ready_bytes_max = std::max(a.ready_bytes_max, b.ready_bytes_max);
  a.ready_servers = std::max(a.ready_servers, b.ready_servers);
  a.ready_channels = std::max(a.ready_channels, b.ready_channels);
  a.ready_without_channel += b.ready_without_channel;
  a.ready_bad += b.ready_bad;
  if (b.first_start_ns != 0 && (a.first_start_ns == 0 || b.first_start_ns < a.first_start_ns))
    a.first_start_ns = b.first_start_ns;
  a.last_ready_ns = std::max(a.last_ready_ns, b.last_ready_ns);
  a.last_101_ns = std::max(a.last_101_ns, b.last_101_ns);
}

EventTotals collect_events(Harness& h, std::int64_t final_seq, bool only_open_at_start) {
  EventTotals e;
  e.final_seq = final_seq;
  for (auto& w : h.workers()) {
    const auto& s = w->stats;
    for (int i = 0; i < kEventTypes; ++i) {
      e.delivered[i] += s.type_delivered[i];
      e.untimed[i] += s.type_untimed[i];
      e.latency_ns[i].merge(s.type_latency_ns[i]);
    }
    e.other_channel += s.other_channel_events;
    e.resync += s.resync_frames;
    merge_into(e.rest_results, s.rest_results);
    merge_into(e.fallbacks, s.fallbacks);
    merge_connect(e.connect, s.connect);
    for (auto& c : w->conns) {
      if (only_open_at_start ? !c->open_at_start() : !c->got_ready() && !c->open()) continue;
      const SeqTracker& t = c->tracker();
      ++e.receivers;
      if (!t.has_base()) ++e.no_base;
      e.duplicates += t.duplicates();
      e.out_of_order += t.out_of_order();
      e.gaps += t.gaps();
      e.before_base += t.before_base();
      e.bad_seq += t.bad();
      if (final_seq >= 0 && t.has_base()) {
        const std::int64_t want = final_seq - t.base();
        if (want > 0) e.expected += static_cast<std::uint64_t>(want);
        e.unique += t.seen_up_to(final_seq);
        const std::uint64_t miss = t.missing_up_to(final_seq);
        e.lost += miss;
        if (miss) ++e.receivers_missing;
      }
    }
  }
  return e;
}

void print_events(const EventTotals& e) {
  std::printf(
      "events        channel last_seq after the drain %lld; %llu receivers expected %llu event "
      "deliveries, got %llu, lost %llu (on %llu receivers)\n",
      static_cast<long long>(e.final_seq), static_cast<unsigned long long>(e.receivers),
      static_cast<unsigned long long>(e.expected), static_cast<unsigned long long>(e.unique),
      static_cast<unsigned long long>(e.lost),
      static_cast<unsigned long long>(e.receivers_missing));
  std::printf(
      "  seq checks: duplicates %llu, out of order %llu, gaps opened %llu, at or below the base "
      "%llu, invalid %llu; receivers without a base %llu; other channels' events %llu, "
      "resync_required %llu\n",
      static_cast<unsigned long long>(e.duplicates),
      static_cast<unsigned long long>(e.out_of_order), static_cast<unsigned long long>(e.gaps),
      static_cast<unsigned long long>(e.before_base), static_cast<unsigned long long>(e.bad_seq),
      static_cast<unsigned long long>(e.no_base), static_cast<unsigned long long>(e.other_channel),
      static_cast<unsigned long long>(e.resync));
  for (int i = 0; i < kEventTypes; ++i) {
    if (e.delivered[i] == 0) continue;
    const Histogram& L = e.latency_ns[i];
    std::printf(
        "  %-21s delivered %9llu  latency ms p50 %.3f p99 %.3f max %.3f (%llu timed, %llu "
        "untimed)\n",
        event_type_name(static_cast<EventType>(i)), static_cast<unsigned long long>(e.delivered[i]),
        ms(L.quantile(0.5)), ms(L.quantile(0.99)), ms(L.max()),
        static_cast<unsigned long long>(L.count()), static_cast<unsigned long long>(e.untimed[i]));
  }
  if (!e.rest_results.empty() || !e.fallbacks.empty())
    std::printf("  REST: %s; replaced by a message: %s\n", to_text(e.rest_results).c_str(),
                to_text(e.fallbacks).c_str());
}

json::object events_json(const EventTotals& e) {
  json::object per_type;
  for (int i = 0; i < kEventTypes; ++i) {
    json::object t = latency_json(e.latency_ns[i]);
    t["delivered"] = e.delivered[i];
    t["untimed"] = e.untimed[i];
    per_type[event_type_name(static_cast<EventType>(i))] = t;
  }
  return {{"final_last_seq", e.final_seq},
          {"receivers", e.receivers},
          {"expected", e.expected},
          {"delivered_of_expected", e.unique},
          {"lost", e.lost},
          {"receivers_missing", e.receivers_missing},
          {"duplicates", e.duplicates},
          {"out_of_order", e.out_of_order},
          {"gaps", e.gaps},
          {"before_base", e.before_base},
          {"invalid_seq", e.bad_seq},
          {"receivers_without_base", e.no_base},
          {"other_channel_events", e.other_channel},
          {"resync_required", e.resync},
          {"per_type", per_type},
          {"rest_results", to_json(e.rest_results)},
          {"replaced_by_message", to_json(e.fallbacks)}};
}

json::object connect_json(const ConnectStats& c) {
  const std::uint64_t n = c.connect_to_ready_ns.count();
  return {{"ready_frames", n},
          {"ready_bytes_min", n ? c.ready_bytes_min : 0},
          {"ready_bytes_max", c.ready_bytes_max},
          {"ready_bytes_mean",
           n ? static_cast<double>(c.ready_bytes_sum) / static_cast<double>(n) : 0.0},
          {"ready_servers", c.ready_servers},
          {"ready_channels", c.ready_channels},
          {"ready_without_channel", c.ready_without_channel},
          {"ready_malformed", c.ready_bad},
          {"connect_to_101_ms", latency_json(c.connect_to_101_ns)},
          {"connect_to_ready_ms", latency_json(c.connect_to_ready_ns)},
          {"request_to_ready_ms", latency_json(c.request_to_ready_ns)},
          {"upgrade_to_ready_ms", latency_json(c.upgrade_to_ready_ns)},
          {"connect_to_first_event_ms", latency_json(c.connect_to_first_event_ns)},
          {"connect_to_caught_up_ms", latency_json(c.connect_to_caught_up_ns)},
          {"catch_ups", c.catch_ups},
          {"catch_up_pages", c.catch_up_pages},
          {"catch_up_events", c.catch_up_events},
          {"catch_up_failures", to_json(c.catch_up_failures)},
          {"catch_up_retries", to_json(c.catch_up_retries)}};
}

std::int64_t fetch_last_seq(const Target& t, const std::string& cookie, std::int64_t channel_id,
                            std::string& error) {
  const std::string path =
      "/api/channels/" + std::to_string(channel_id) + "/events/?after_seq=0&limit=1";
  auto r = http_call(t, boost::beast::http::verb::get, path, "", cookie, 30.0);
  if (r.status != 200) {
    error = "GET " + path + ": " +
            (r.status ? "HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200) : r.error);
    return -1;
  }
  boost::system::error_code ec;
  const json::value v = json::parse(r.body, ec);
  const auto* o = ec ? nullptr : v.if_object();
  const auto* ls = o ? o->if_contains("last_seq") : nullptr;
  if (!ls || !ls->is_int64() || !o->contains("events")) {
    error = "GET " + path + ": expected {\"events\": [...], \"last_seq\": N}, got " +
            r.body.substr(0, 200);
    return -1;
  }
  return ls->get_int64();
}

}  // namespace parley_load

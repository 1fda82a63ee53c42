// What the event checks of a run add up to (fanout --events/--mix/--gateway, connect,
// catchup): per-receiver seq results summed, per-type deliveries and latency, REST results,
// ready frames; and the events route call that gives a channel's last seq.
#pragma once

#include <boost/json/object.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "harness.hpp"
#include "target.hpp"

namespace parley_load {

struct EventTotals {
  std::int64_t final_seq = -1;          // the channel's last_seq after the drain
  std::uint64_t receivers = 0;          // sockets open when sending started
  std::uint64_t expected = 0;           // sum over receivers of (final_seq - its base)
  std::uint64_t unique = 0;             // ... of them seen
  std::uint64_t lost = 0;               // expected - unique: never arrived
  std::uint64_t receivers_missing = 0;  // receivers that lost at least one
  std::uint64_t duplicates = 0, out_of_order = 0, gaps = 0, before_base = 0, bad_seq = 0;
  std::uint64_t no_base = 0;  // receivers that had no base seq (counted from their first event)
  std::array<std::uint64_t, kEventTypes> delivered{}, untimed{};
  std::array<Histogram, kEventTypes> latency_ns;
  std::uint64_t other_channel = 0, resync = 0;
  std::map<std::string, std::uint64_t> rest_results, fallbacks;
  ConnectStats connect;  // merged over workers
};

// Sums the workers' statistics and every connection's tracker (threads have stopped).
// Receivers are the connections open when sending started (all, when only_open_at_start is
// false: the connect and catchup modes).
EventTotals collect_events(Harness& h, std::int64_t final_seq, bool only_open_at_start);

void print_events(const EventTotals& e);
boost::json::object events_json(const EventTotals& e);
boost::json::object connect_json(const ConnectStats& c);
// p50/p90/p99/p999/max/mean in ms and the sample count.
boost::json::object latency_json(const Histogram& L);

// GET /api/channels/{c}/events/?after_seq=0&limit=1 -> its "last_seq". -1 on failure, with
// `error` saying what the server answered.
std::int64_t fetch_last_seq(const Target& t, const std::string& cookie, std::int64_t channel_id,
                            std::string& error);

// Merges b into a.
void merge_connect(ConnectStats& a, const ConnectStats& b);

}  // namespace parley_load

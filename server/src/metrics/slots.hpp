// Where the counters live: one Slot per thread, written only by its thread with relaxed
// atomic loads and stores (no read-modify-write, no lock: a single writer needs neither),
// and summed over every slot when /metrics is scraped. A slot outlives its thread so that
// nothing counted is lost.
#pragma once
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace metrics {

enum class WsKind : std::uint8_t { parley, original, gateway };
constexpr std::size_t kWsKinds = 3;
enum class Throttle : std::uint8_t { login, register_, message, other };
constexpr std::size_t kThrottleKinds = 4;

// Route labels: these first, then the router's patterns (see Registry::set_routes).
constexpr std::size_t kRouteRejected = 0;   // refused before routing (400, 408, 413, 431)
constexpr std::size_t kRouteUnmatched = 1;  // no route: 404/405
constexpr std::size_t kRoutePreflight = 2;  // CORS preflight
constexpr std::size_t kRouteMedia = 3;      // /media/{path}
constexpr std::size_t kRouteWeb = 4;        // the web client's files
constexpr std::size_t kFirstRoute = 5;
constexpr std::size_t kMaxRoutes = 192;  // beyond: counted under "other"

// Statuses with their own series; the rest count under their class ("2xx", "4xx", ...).
constexpr std::array<unsigned, 27> kStatuses = {101, 200, 201, 204, 206, 301, 302, 304, 400,
                                                401, 403, 404, 405, 406, 408, 409, 410, 411,
                                                413, 415, 416, 422, 429, 431, 500, 501, 503};
constexpr std::size_t kStatusSlots = kStatuses.size() + 5;  // + 1xx..5xx

constexpr std::array<std::uint8_t, 600> make_status_table() {
  std::array<std::uint8_t, 600> table{};
  for (unsigned s = 0; s < 600; ++s) {
    unsigned cls = s / 100;
    table[s] = static_cast<std::uint8_t>(kStatuses.size() + (cls >= 1 ? cls - 1 : 4));
  }
  for (std::size_t i = 0; i < kStatuses.size(); ++i)
    table[kStatuses[i]] = static_cast<std::uint8_t>(i);
  return table;
}
inline constexpr std::array<std::uint8_t, 600> kStatusSlot = make_status_table();

inline std::size_t status_slot(unsigned status) {
  return kStatusSlot[status < 600 ? status : 599];
}

// Histogram bounds in nanoseconds (rendered in seconds).
constexpr std::array<std::uint64_t, 14> kHttpBounds = {
    500'000,       1'000'000,     2'500'000,     5'000'000,     10'000'000,
    25'000'000,    50'000'000,    100'000'000,   250'000'000,   500'000'000,
    1'000'000'000, 2'500'000'000, 5'000'000'000, 10'000'000'000};
constexpr std::array<std::uint64_t, 13> kCommitBounds = {
    100'000,    250'000,    500'000,     1'000'000,   2'500'000,   5'000'000,    10'000'000,
    25'000'000, 50'000'000, 100'000'000, 250'000'000, 500'000'000, 1'000'000'000};

// A counter with one writer.
struct Cell {
  std::atomic<std::uint64_t> value{0};
  void add(std::uint64_t n) {
    value.store(value.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  std::uint64_t get() const { return value.load(std::memory_order_relaxed); }
};

// A gauge's share from one thread (may go negative: a socket can close on another thread
// than the one it opened on).
struct SignedCell {
  std::atomic<std::int64_t> value{0};
  void add(std::int64_t n) {
    value.store(value.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  std::int64_t get() const { return value.load(std::memory_order_relaxed); }
};

template <std::size_t N>
struct Histogram {
  std::array<Cell, N + 1> buckets;  // not cumulative; the last is +Inf
  Cell sum_ns;
  void observe(std::uint64_t ns, const std::array<std::uint64_t, N>& bounds) {
    std::size_t i = 0;
    while (i < N && ns > bounds[i]) ++i;
    buckets[i].add(1);
    sum_ns.add(ns);
  }
};

struct alignas(64) Slot {
  Cell deliveries;
  Cell messages_committed;
  Cell ws_closed_slow;
  std::array<Cell, kThrottleKinds> throttled;
  std::array<SignedCell, kWsKinds> websockets;
  Histogram<kCommitBounds.size()> commit;
  std::array<std::array<Cell, kStatusSlots>, kMaxRoutes> http_requests;
  std::array<Histogram<kHttpBounds.size()>, kMaxRoutes> http_duration;
};

// This thread's slot, created on first use.
Slot& register_slot();
constinit extern thread_local Slot* t_slot;
inline Slot& slot() {
  Slot* s = t_slot;
  if (s == nullptr) [[unlikely]]
    s = &register_slot();
  return *s;
}

}  // namespace metrics

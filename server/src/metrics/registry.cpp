#include "metrics/registry.hpp"

#include <cstdio>
#include <map>

#include "metrics/process_stats.hpp"

namespace metrics {

constinit thread_local Slot* t_slot = nullptr;

Slot& register_slot() {
  t_slot = &Registry::instance().add_slot();
  return *t_slot;
}

namespace {

constexpr std::array<const char*, kWsKinds> kWsKindNames = {"parley", "original", "gateway"};
constexpr std::array<const char*, kThrottleKinds> kThrottleNames = {"login", "register", "message",
                                                                    "other"};

std::string status_label(std::size_t slot_index) {
  if (slot_index < kStatuses.size()) return std::to_string(kStatuses[slot_index]);
  return std::to_string(slot_index - kStatuses.size() + 1) + "xx";
}

// Label values escape backslash, double quote and newline (text format 0.0.4).
std::string escaped(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string seconds(std::uint64_t ns) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(ns) / 1e9);
  return buf;
}

std::string number(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", value);
  return buf;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

template <std::size_t N>
struct HistogramSum {
  std::array<std::uint64_t, N + 1> buckets{};
  std::uint64_t sum_ns = 0;
  std::uint64_t count() const {
    std::uint64_t total = 0;
    for (auto b : buckets) total += b;
    return total;
  }
  void add(const Histogram<N>& h) {
    for (std::size_t i = 0; i <= N; ++i) buckets[i] += h.buckets[i].get();
    sum_ns += h.sum_ns.get();
  }
};

template <std::size_t N>
void histogram_lines(std::string& out, const char* name, const std::string& labels,
                     const HistogramSum<N>& h, const std::array<std::uint64_t, N>& bounds) {
  std::string prefix = labels.empty() ? "" : labels + ",";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= N; ++i) {
    cumulative += h.buckets[i];
    out += name;
    out += "_bucket{" + prefix + "le=\"" + (i < N ? seconds(bounds[i]) : "+Inf") + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  std::string braces = labels.empty() ? "" : "{" + labels + "}";
  out += std::string(name) + "_sum" + braces + " " + seconds(h.sum_ns) + "\n";
  out += std::string(name) + "_count" + braces + " " + std::to_string(cumulative) + "\n";
}

}  // namespace

Registry& Registry::instance() {
  static Registry* registry = new Registry();  // never destroyed: threads may count at exit
  return *registry;
}

Registry::Registry() {
  route_labels_ = {"rejected", "unmatched", "preflight", "/media/{path}", "/{path}"};
}

Slot& Registry::add_slot() {
  auto slot = std::make_unique<Slot>();
  std::lock_guard lock(mutex_);
  slots_.push_back(std::move(slot));
  return *slots_.back();
}

std::vector<std::size_t> Registry::set_routes(const std::vector<std::string>& patterns) {
  std::lock_guard lock(mutex_);
  route_labels_.resize(kFirstRoute);
  std::map<std::string, std::size_t> index;
  std::vector<std::size_t> labels;
  for (const auto& pattern : patterns) {
    // "{id:int}" -> "{id}"
    std::string label;
    bool in_braces = false, skipping = false;
    for (char c : pattern) {
      if (c == '{' || c == '}') {
        in_braces = c == '{';
        skipping = false;
      } else if (c == ':' && in_braces) {
        skipping = true;
      }
      if (!skipping) label += c;
    }
    auto [it, inserted] = index.emplace(label, route_labels_.size());
    if (inserted) {
      if (route_labels_.size() < kMaxRoutes - 1) {
        route_labels_.push_back(label);
      } else {
        it->second = kMaxRoutes - 1;  // "other"
      }
    }
    labels.push_back(it->second);
  }
  return labels;
}

void Registry::set_connections(std::function<std::int64_t()> source) {
  std::lock_guard lock(mutex_);
  connections_ = std::move(source);
}

std::string Registry::render() {
  std::lock_guard lock(mutex_);
  std::uint64_t deliveries = 0, committed = 0, closed_slow = 0;
  std::array<std::uint64_t, kThrottleKinds> throttled{};
  std::array<std::int64_t, kWsKinds> websockets{};
  HistogramSum<kCommitBounds.size()> commit;
  std::vector<std::array<std::uint64_t, kStatusSlots>> requests(kMaxRoutes);
  std::vector<HistogramSum<kHttpBounds.size()>> durations(kMaxRoutes);
  for (const auto& s : slots_) {
    deliveries += s->deliveries.get();
    committed += s->messages_committed.get();
    closed_slow += s->ws_closed_slow.get();
    for (std::size_t i = 0; i < kThrottleKinds; ++i) throttled[i] += s->throttled[i].get();
    for (std::size_t i = 0; i < kWsKinds; ++i) websockets[i] += s->websockets[i].get();
    commit.add(s->commit);
    for (std::size_t r = 0; r < kMaxRoutes; ++r) {
      for (std::size_t k = 0; k < kStatusSlots; ++k) requests[r][k] += s->http_requests[r][k].get();
      durations[r].add(s->http_duration[r]);
    }
  }
  auto route_label = [&](std::size_t r) {
    return r < route_labels_.size() ? route_labels_[r] : std::string("other");
  };

  std::string out;
  out.reserve(16384);
  header(out, "parley_http_requests_total", "counter",
         "HTTP requests answered, by route pattern and status.");
  for (std::size_t r = 0; r < kMaxRoutes; ++r) {
    for (std::size_t k = 0; k < kStatusSlots; ++k) {
      if (requests[r][k] == 0) continue;
      out += "parley_http_requests_total{route=\"" + escaped(route_label(r)) + "\",status=\"" +
             status_label(k) + "\"} " + std::to_string(requests[r][k]) + "\n";
    }
  }
  header(out, "parley_http_request_duration_seconds", "histogram",
         "Time from routing a request to its response, by route pattern.");
  for (std::size_t r = 0; r < kMaxRoutes; ++r) {
    if (durations[r].count() == 0) continue;
    histogram_lines(out, "parley_http_request_duration_seconds",
                    "route=\"" + escaped(route_label(r)) + "\"", durations[r], kHttpBounds);
  }
  header(out, "parley_http_connections", "gauge",
         "Open HTTP connections (WebSockets are counted in parley_websockets).");
  out += "parley_http_connections " + std::to_string(connections_ ? connections_() : 0) + "\n";
  header(out, "parley_websockets", "gauge", "Open WebSockets, by kind.");
  for (std::size_t i = 0; i < kWsKinds; ++i) {
    out += std::string("parley_websockets{kind=\"") + kWsKindNames[i] + "\"} " +
           std::to_string(websockets[i]) + "\n";
  }
  header(out, "parley_messages_committed_total", "counter",
         "Chat messages durably stored by the writer.");
  out += "parley_messages_committed_total " + std::to_string(committed) + "\n";
  header(out, "parley_commit_duration_seconds", "histogram",
         "Time of one commit of the message writer (a batch of messages).");
  histogram_lines(out, "parley_commit_duration_seconds", "", commit, kCommitBounds);
  header(out, "parley_deliveries_total", "counter",
         "Message frames queued for a socket (one per message per recipient).");
  out += "parley_deliveries_total " + std::to_string(deliveries) + "\n";
  header(out, "parley_ws_closed_slow_total", "counter",
         "WebSockets closed with 1008 because they could not keep up.");
  out += "parley_ws_closed_slow_total " + std::to_string(closed_slow) + "\n";
  header(out, "parley_throttled_total", "counter",
         "Requests and messages refused by a throttle, by what was throttled.");
  for (std::size_t i = 0; i < kThrottleKinds; ++i) {
    out += std::string("parley_throttled_total{what=\"") + kThrottleNames[i] + "\"} " +
           std::to_string(throttled[i]) + "\n";
  }

  auto process = read_process_stats();
  header(out, "process_cpu_seconds_total", "counter",
         "Total user and system CPU time spent in seconds.");
  out += "process_cpu_seconds_total " + number(process.cpu_seconds) + "\n";
  header(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  out += "process_resident_memory_bytes " + std::to_string(process.resident_bytes) + "\n";
  header(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
  out += "process_virtual_memory_bytes " + std::to_string(process.virtual_bytes) + "\n";
  header(out, "process_open_fds", "gauge", "Number of open file descriptors.");
  out += "process_open_fds " + std::to_string(process.open_fds) + "\n";
  header(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.");
  out += "process_max_fds " + std::to_string(process.max_fds) + "\n";
  header(out, "process_start_time_seconds", "gauge",
         "Start time of the process since unix epoch in seconds.");
  out += "process_start_time_seconds " + number(process.start_time_seconds) + "\n";
  return out;
}

}  // namespace metrics

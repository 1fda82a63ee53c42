// The process-wide metrics: every thread's slot, the route labels, the gauges read at scrape
// time, and the Prometheus text rendering of it all (SPEC §16).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "metrics/slots.hpp"

namespace metrics {

class Registry {
 public:
  static Registry& instance();

  // Gives each route pattern its label index ("{id:int}" shows as "{id}"; patterns that
  // differ only by method share one). Call once, before serving.
  std::vector<std::size_t> set_routes(const std::vector<std::string>& patterns);

  // parley_http_connections, read at each scrape. Clear it (empty function) before the
  // thing it reads goes away.
  void set_connections(std::function<std::int64_t()> source);

  // The exposition, text format 0.0.4.
  std::string render();

  Slot& add_slot();

 private:
  Registry();

  std::mutex mutex_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<std::string> route_labels_;  // by label index
  std::function<std::int64_t()> connections_;
};

}  // namespace metrics

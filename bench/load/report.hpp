// Output helpers: progress line, JSON file, formatting.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "harness.hpp"

namespace parley_load {

// One progress line per second on stderr (no-op when disabled or not yet a second later).
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  void tick(const char* phase, double phase_elapsed, const Totals& t);

 private:
  bool enabled_;
  double last_ = -1;
  std::uint64_t last_received_ = 0;
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
};

boost::json::object to_json(const std::map<std::string, std::uint64_t>& m);
std::string to_text(const std::map<std::string, std::uint64_t>& m);  // "a: 1, b: 2" or "none"
void write_json_file(const std::string& path, const boost::json::object& o);
std::string fmt(double v, int decimals);

// Merges the per-thread maps.
void merge_into(std::map<std::string, std::uint64_t>& dst,
                const std::map<std::string, std::uint64_t>& src);

}  // namespace parley_load

#include "report.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace parley_load {

void Progress::tick(const char* phase, double, const Totals& t) {
  if (!enabled_) return;
  const double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  if (last_ >= 0 && now - last_ < 1.0) return;
  const double dt = last_ >= 0 ? now - last_ : 0;
  const double rate = dt > 0 ? static_cast<double>(t.received - last_received_) / dt : 0;
  std::fprintf(
      stderr,
      "[%6.1fs] %-10s connected=%llu open=%lld failed=%llu dropped=%llu sent=%llu acked=%llu "
      "received=%llu (%.0f/s)\n",
      now, phase, static_cast<unsigned long long>(t.handshakes_ok), static_cast<long long>(t.open),
      static_cast<unsigned long long>(t.failed), static_cast<unsigned long long>(t.dropped),
      static_cast<unsigned long long>(t.sent), static_cast<unsigned long long>(t.acked),
      static_cast<unsigned long long>(t.received), rate);
  last_ = now;
  last_received_ = t.received;
}

boost::json::object to_json(const std::map<std::string, std::uint64_t>& m) {
  boost::json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

std::string to_text(const std::map<std::string, std::uint64_t>& m) {
  if (m.empty()) return "none";
  std::string s;
  for (const auto& [k, v] : m) {
    if (!s.empty()) s += ", ";
    s += k + ": " + std::to_string(v);
  }
  return s;
}

void write_json_file(const std::string& path, const boost::json::object& o) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << boost::json::serialize(o) << "\n";
}

std::string fmt(double v, int decimals) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

void merge_into(std::map<std::string, std::uint64_t>& dst,
                const std::map<std::string, std::uint64_t>& src) {
  for (const auto& [k, v] : src) dst[k] += v;
}

}  // namespace parley_load

// Structured logging: every line is an event name plus key/value fields, rendered as
// readable `event key=value` text or as one JSON object per line (--log-format).
#pragma once
#include <spdlog/common.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace util {

enum class LogFormat { text, json };

// level: trace|debug|info|warn|error|off. Throws std::invalid_argument on an unknown level.
void setup_logging(const std::string& level, LogFormat format);

// Whether a line of this level would be written: lets a hot path (every request's access
// line) skip building a LogEvent nobody reads.
bool log_enabled(spdlog::level::level_enum level);

// Usage: LogEvent("http.request").add("method", "GET").add("status", 200).info();
class LogEvent {
 public:
  explicit LogEvent(std::string_view event);
  LogEvent& add(std::string_view key, std::string_view value);
  LogEvent& add(std::string_view key, const char* value) {
    return add(key, std::string_view(value));
  }
  LogEvent& add(std::string_view key, const std::string& value) {
    return add(key, std::string_view(value));
  }
  LogEvent& add(std::string_view key, std::int64_t value);
  LogEvent& add(std::string_view key, int value) { return add(key, std::int64_t{value}); }
  LogEvent& add(std::string_view key, unsigned value) { return add(key, std::int64_t{value}); }
  LogEvent& add(std::string_view key, std::size_t value) {
    return add(key, static_cast<std::int64_t>(value));
  }
  LogEvent& add(std::string_view key, double value);
  LogEvent& add(std::string_view key, bool value);

  void log(spdlog::level::level_enum level);
  void debug() { log(spdlog::level::debug); }
  void info() { log(spdlog::level::info); }
  void warn() { log(spdlog::level::warn); }
  void error() { log(spdlog::level::err); }

 private:
  void add_raw(std::string_view key, std::string_view rendered);
  std::string line_;
};

}  // namespace util

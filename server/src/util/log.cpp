#include "util/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <cstdio>
#include <stdexcept>

namespace util {
namespace {

LogFormat g_format = LogFormat::text;

std::string text_value(std::string_view value) {
  bool plain = !value.empty();
  for (char c : value) {
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) plain = false;
  }
  if (plain) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  out += '"';
  return out;
}

std::string json_string(std::string_view value) {
  return boost::json::serialize(boost::json::string(value));
}

}  // namespace

void setup_logging(const std::string& level, LogFormat format) {
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    throw std::invalid_argument("unknown log level: " + level);
  }
  g_format = format;
  auto logger = spdlog::get("parley");
  if (!logger) logger = spdlog::stderr_logger_mt("parley");
  if (format == LogFormat::json) {
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",%v})",
                        spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %-5l %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(parsed);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

LogEvent::LogEvent(std::string_view event) {
  if (g_format == LogFormat::json) {
    line_ = "\"event\":" + json_string(event);
  } else {
    line_ = std::string(event);
  }
}

void LogEvent::add_raw(std::string_view key, std::string_view rendered) {
  if (g_format == LogFormat::json) {
    line_ += ',';
    line_ += json_string(key);
    line_ += ':';
  } else {
    line_ += ' ';
    line_ += key;
    line_ += '=';
  }
  line_ += rendered;
}

LogEvent& LogEvent::add(std::string_view key, std::string_view value) {
  add_raw(key, g_format == LogFormat::json ? json_string(value) : text_value(value));
  return *this;
}

LogEvent& LogEvent::add(std::string_view key, std::int64_t value) {
  add_raw(key, std::to_string(value));
  return *this;
}

LogEvent& LogEvent::add(std::string_view key, double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", value);
  add_raw(key, buf);
  return *this;
}

LogEvent& LogEvent::add(std::string_view key, bool value) {
  add_raw(key, value ? "true" : "false");
  return *this;
}

bool log_enabled(spdlog::level::level_enum level) {
  return spdlog::should_log(level);
}

void LogEvent::log(spdlog::level::level_enum level) {
  spdlog::log(level, "{}", line_);
}

}  // namespace util

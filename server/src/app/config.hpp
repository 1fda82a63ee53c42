// Everything `parley serve` is configured with. Every option is also read from the
// environment as PARLEY_<OPTION> (see cli.cpp).
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "util/log.hpp"

namespace app {

struct ServeConfig {
  std::string listen = "127.0.0.1:8000";
  std::string metrics_listen;  // HOST:PORT for GET /metrics; empty: no metrics endpoint
  std::string data_dir = "./var";
  std::string database;   // empty: <data_dir>/parley.sqlite3; or sqlite:///path, sqlite:relative
  std::string bus;        // empty: this process alone; redis://HOST:PORT[/NAME] or unix:///PATH
  unsigned threads = 0;   // I/O threads; 0: one per core
  std::string web_root;   // empty: the built client (web/dist next to the binary's repo)
  std::string docs_root;  // empty: Swagger UI assets of the checkout (server/docs-ui)
  std::string log_level = "info";
  util::LogFormat log_format = util::LogFormat::text;
  std::vector<std::string> cors_origins;
  std::size_t max_connections = 19500;
  long header_timeout = 10;  // seconds to send a request's header
  long idle_timeout = 60;    // seconds a keep-alive connection may sit idle

  // Accounts and authentication (issue: auth).
  std::string secret_key;               // empty: generated once into <data_dir>/secret_key
  long access_token_lifetime = 300;     // seconds
  long refresh_token_lifetime = 86400;  // seconds
  bool secure_cookies = false;
  std::uint32_t login_failures_per_minute = 10;               // per username per address
  std::uint32_t login_failures_per_address_per_minute = 100;  // any username, per address
  std::uint32_t register_per_minute = 30;                     // per address
  long refresh_reuse_grace = 10;  // seconds a rotated refresh token still works (two tabs)

  // Real-time chat (issue: realtime).
  double message_rate = 10;               // messages per second per user
  double message_burst = 20;              // messages a user may save up
  std::size_t ws_queue_messages = 1024;   // outbound frames queued per socket before 1008
  std::size_t ws_queue_bytes = 4u << 20;  // and their bytes
  double message_commit_interval = 2;     // ms a message may wait to share its commit (0: never)
  double ws_ping_interval = 15;           // seconds between heartbeat sweeps (ping idle, drop dead)

  // The event log (issue: events). An event goes once it is older than the days AND not among
  // its channel's newest count.
  double event_retention_days = 7;
  long event_retention_count = 10000;

  // Presence (issue 11, SPEC §11).
  long presence_grace_ms = 15000;    // offline this long after a user's last socket closed
  long presence_coalesce_ms = 5000;  // at most one presence.update per user per window

  // Attachments (issue 13, SPEC §12).
  std::uint64_t max_upload_bytes = 25ull * 1024 * 1024;
  long unused_upload_seconds = 3600;   // an upload no message used is removed after this
  long attachment_sweep_seconds = 60;  // how often the removal runs
};

// Where the SQLite file is for this configuration.
std::string database_path(const std::string& data_dir, const std::string& database);

}  // namespace app

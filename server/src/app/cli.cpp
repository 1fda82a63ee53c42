#include "app/cli.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "app/commands.hpp"
#include "app/config.hpp"
#include "app/ops_commands.hpp"
#include "util/log.hpp"

namespace app {
namespace {

struct StoreOptions {
  std::string data_dir = "./var";
  std::string database;
};

void add_store_options(CLI::App& command, StoreOptions& options) {
  command
      .add_option("--data-dir", options.data_dir, "Data directory (database, media, secret key)")
      ->envname("PARLEY_DATA_DIR")
      ->capture_default_str();
  command
      .add_option("--database", options.database,
                  "Database: a SQLite file path, a sqlite:///PATH URL, or a PostgreSQL URL "
                  "postgresql://USER@HOST:PORT/DB (default: parley.sqlite3 in the data "
                  "directory)")
      ->envname("PARLEY_DATABASE");
}

void add_serve_options(CLI::App& serve, ServeConfig& config) {
  serve.add_option("--listen", config.listen, "Address to listen on, HOST:PORT")
      ->envname("PARLEY_LISTEN")
      ->capture_default_str();
  serve
      .add_option("--metrics-listen", config.metrics_listen,
                  "HOST:PORT serving GET /metrics (Prometheus text format) on a port of its "
                  "own; off when not given, and the main port never serves it")
      ->envname("PARLEY_METRICS_LISTEN");
  serve.add_option("--data-dir", config.data_dir, "Data directory (database, media, secret key)")
      ->envname("PARLEY_DATA_DIR")
      ->capture_default_str();
  serve
      .add_option("--database", config.database,
                  "Database: a SQLite file path, a sqlite:///PATH URL, or a PostgreSQL URL "
                  "postgresql://USER@HOST:PORT/DB (default: parley.sqlite3 in the data "
                  "directory)")
      ->envname("PARLEY_DATABASE");
  serve
      .add_option("--bus", config.bus,
                  "Redis carrying events between the nodes that share one PostgreSQL database: "
                  "redis://HOST:PORT[/NAME] or unix:///PATH/TO/SOCKET[?name=NAME] (default: "
                  "none, a single node)")
      ->envname("PARLEY_BUS");
  serve.add_option("--threads", config.threads, "I/O threads (default: one per core)")
      ->envname("PARLEY_THREADS")
      ->check(CLI::Range(0u, 256u));
  serve
      .add_option("--web-root", config.web_root,
                  "Directory of the built web client (default: web/dist of this checkout)")
      ->envname("PARLEY_WEB_ROOT");
  serve
      .add_option("--docs-root", config.docs_root,
                  "Directory of the Swagger UI assets served at /api/docs/schema/ui/ "
                  "(default: server/docs-ui/node_modules/swagger-ui-dist of this checkout)")
      ->envname("PARLEY_DOCS_ROOT");
  serve.add_option("--log-level", config.log_level, "trace, debug, info, warn, error or off")
      ->envname("PARLEY_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  static const std::map<std::string, util::LogFormat> kFormats = {{"text", util::LogFormat::text},
                                                                  {"json", util::LogFormat::json}};
  serve.add_option("--log-format", config.log_format, "text or json")
      ->envname("PARLEY_LOG_FORMAT")
      ->transform(CLI::CheckedTransformer(kFormats, CLI::ignore_case));
  serve
      .add_option("--cors-origin", config.cors_origins,
                  "An origin (scheme://host:port) allowed to make credentialed cross-origin "
                  "calls; repeatable")
      ->envname("PARLEY_CORS_ORIGIN")
      ->delimiter(',');
  serve
      .add_option("--max-upload-bytes", config.max_upload_bytes,
                  "Largest attachment upload in bytes (413 beyond)")
      ->envname("PARLEY_MAX_UPLOAD_BYTES")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 32))
      ->capture_default_str();
  serve
      .add_option("--unused-upload-seconds", config.unused_upload_seconds,
                  "Seconds an upload no message names is kept")
      ->envname("PARLEY_UNUSED_UPLOAD_SECONDS")
      ->check(CLI::Range(1L, 365L * 86400))
      ->capture_default_str();
  serve
      .add_option("--attachment-sweep-seconds", config.attachment_sweep_seconds,
                  "Seconds between removals of unused uploads and deleted messages' files")
      ->envname("PARLEY_ATTACHMENT_SWEEP_SECONDS")
      ->check(CLI::Range(1L, 86400L))
      ->capture_default_str();
  serve.add_option("--max-connections", config.max_connections, "Open connections at most")
      ->envname("PARLEY_MAX_CONNECTIONS")
      ->capture_default_str();
  serve
      .add_option("--header-timeout", config.header_timeout,
                  "Seconds to send a request header (408 after)")
      ->envname("PARLEY_HEADER_TIMEOUT")
      ->check(CLI::Range(1L, 3600L))
      ->capture_default_str();
  serve
      .add_option("--idle-timeout", config.idle_timeout, "Seconds a keep-alive connection may idle")
      ->envname("PARLEY_IDLE_TIMEOUT")
      ->check(CLI::Range(1L, 3600L))
      ->capture_default_str();
  serve
      .add_option("--secret-key", config.secret_key,
                  "JWT signing key (default: generated once into the data directory)")
      ->envname("PARLEY_SECRET_KEY");
  serve
      .add_option("--access-token-lifetime", config.access_token_lifetime,
                  "Access token lifetime in seconds")
      ->envname("PARLEY_ACCESS_TOKEN_LIFETIME")
      ->check(CLI::Range(1L, 31L * 24 * 3600))
      ->capture_default_str();
  serve
      .add_option("--refresh-token-lifetime", config.refresh_token_lifetime,
                  "Refresh token lifetime in seconds")
      ->envname("PARLEY_REFRESH_TOKEN_LIFETIME")
      ->check(CLI::Range(1L, 365L * 24 * 3600))
      ->capture_default_str();
  serve.add_flag("--secure-cookies", config.secure_cookies, "Mark cookies Secure (HTTPS only)")
      ->envname("PARLEY_SECURE_COOKIES");
  serve.add_option("--message-rate", config.message_rate, "Chat messages per second per user")
      ->envname("PARLEY_MESSAGE_RATE")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  serve.add_option("--message-burst", config.message_burst, "Chat messages a user may save up")
      ->envname("PARLEY_MESSAGE_BURST")
      ->check(CLI::Range(1.0, 1e9))
      ->capture_default_str();
  serve
      .add_option("--ws-queue-messages", config.ws_queue_messages,
                  "Outbound frames queued per WebSocket before it is closed with 1008")
      ->envname("PARLEY_WS_QUEUE_MESSAGES")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
      ->capture_default_str();
  serve
      .add_option("--ws-queue-bytes", config.ws_queue_bytes,
                  "Outbound bytes queued per WebSocket before it is closed with 1008")
      ->envname("PARLEY_WS_QUEUE_BYTES")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30))
      ->capture_default_str();
  serve
      .add_option("--event-retention-days", config.event_retention_days,
                  "Days a channel event is kept at least (resumes from older ones get "
                  "resync_required); see --event-retention-count")
      ->envname("PARLEY_EVENT_RETENTION_DAYS")
      ->check(CLI::Range(0.0, 36500.0))
      ->capture_default_str();
  serve
      .add_option("--event-retention-count", config.event_retention_count,
                  "Newest events of each channel kept whatever their age")
      ->envname("PARLEY_EVENT_RETENTION_COUNT")
      ->check(CLI::Range(0L, 1000000000L))
      ->capture_default_str();
  serve
      .add_option("--message-commit-interval", config.message_commit_interval,
                  "Milliseconds a chat message that follows the previous commit that closely "
                  "may wait for a second one, to share one transaction, fsync and write per "
                  "socket with it (0: commit at once). A message after a quiet interval, or "
                  "under load, never waits")
      ->envname("PARLEY_MESSAGE_COMMIT_INTERVAL")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();
  serve
      .add_option("--ws-ping-interval", config.ws_ping_interval,
                  "Seconds between WebSocket heartbeat sweeps: an idle socket is pinged, one "
                  "silent for three sweeps is dropped")
      ->envname("PARLEY_WS_PING_INTERVAL")
      ->check(CLI::Range(0.05, 3600.0))
      ->capture_default_str();
  serve
      .add_option("--presence-grace-ms", config.presence_grace_ms,
                  "Milliseconds a user stays online after their last socket closed (a "
                  "reconnect within it shows no change to anyone)")
      ->envname("PARLEY_PRESENCE_GRACE_MS")
      ->check(CLI::Range(0L, 3600L * 1000))
      ->capture_default_str();
  serve
      .add_option("--presence-coalesce-ms", config.presence_coalesce_ms,
                  "Milliseconds within which a user's presence changes are coalesced: at most "
                  "one presence.update per user per window, the latest state at its end")
      ->envname("PARLEY_PRESENCE_COALESCE_MS")
      ->check(CLI::Range(0L, 3600L * 1000))
      ->capture_default_str();
  serve
      .add_option("--login-failures-per-minute", config.login_failures_per_minute,
                  "Failed logins allowed per username per client address per minute (0: no "
                  "limit)")
      ->envname("PARLEY_LOGIN_FAILURES_PER_MINUTE")
      ->capture_default_str();
  serve
      .add_option("--login-failures-per-address-per-minute",
                  config.login_failures_per_address_per_minute,
                  "Failed logins allowed per client address per minute, any username (0: no "
                  "limit)")
      ->envname("PARLEY_LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE")
      ->capture_default_str();
  serve
      .add_option("--register-per-minute", config.register_per_minute,
                  "Registrations allowed per client address per minute (0: no limit)")
      ->envname("PARLEY_REGISTER_PER_MINUTE")
      ->capture_default_str();
  serve
      .add_option("--refresh-reuse-grace", config.refresh_reuse_grace,
                  "Seconds a rotated refresh token is still accepted (tabs refreshing at "
                  "once); reuse after that revokes the session")
      ->envname("PARLEY_REFRESH_REUSE_GRACE")
      ->check(CLI::Range(0L, 10L))
      ->capture_default_str();
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App cli{"Parley: a chat platform (communities, channels, real-time messages)", "parley"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", std::string("parley ") + PARLEY_VERSION);

  ServeConfig serve_config;
  auto* serve = cli.add_subcommand("serve", "Serve the API, WebSocket chat and web client");
  add_serve_options(*serve, serve_config);

  StoreOptions migrate_options;
  auto* migrate = cli.add_subcommand("migrate", "Create or upgrade the database schema");
  add_store_options(*migrate, migrate_options);

  StoreOptions load_options;
  std::string load_file;
  auto* load =
      cli.add_subcommand("load",
                         "Load users, categories, servers, channels and messages from a JSON file "
                         "(idempotent, all-or-nothing)");
  add_store_options(*load, load_options);
  load->add_option("FILE", load_file, "The JSON file (format of data/demo.json)")
      ->required()
      ->check(CLI::ExistingFile);

  auto* user = cli.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  StoreOptions user_options;
  std::string username;
  bool staff = false;
  auto* user_create = user->add_subcommand(
      "create", "Create an account; the password comes from PARLEY_PASSWORD or a prompt");
  add_store_options(*user_create, user_options);
  user_create->add_option("NAME", username, "Username")->required();
  user_create->add_flag("--staff", staff, "Staff may manage categories");
  auto* user_password =
      user->add_subcommand("set-password", "Change a password; from PARLEY_PASSWORD or a prompt");
  add_store_options(*user_password, user_options);
  user_password->add_option("NAME", username, "Username")->required();

  auto* category = cli.add_subcommand("category", "Manage categories");
  category->require_subcommand(1);
  StoreOptions category_options;
  std::string category_name;
  std::string category_description;
  auto* category_add = category->add_subcommand("add", "Add a category (name stored lower-case)");
  add_store_options(*category_add, category_options);
  category_add->add_option("NAME", category_name, "Category name")->required();
  category_add->add_option("--description", category_description, "What it is about");

  OpsCommands ops(cli);  // import-djchat, backup

  CLI11_PARSE(cli, argc, argv);

  try {
    if (*serve) {
      util::setup_logging(serve_config.log_level, serve_config.log_format);
      return run_serve(serve_config);
    }
    util::setup_logging("warn", util::LogFormat::text);
    if (auto code = ops.run()) return *code;
    if (*migrate) return run_migrate(migrate_options.data_dir, migrate_options.database);
    if (*load) return run_load(load_options.data_dir, load_options.database, load_file);
    if (*user_create) {
      return run_user_create(user_options.data_dir, user_options.database, username, staff);
    }
    if (*user_password) {
      return run_user_set_password(user_options.data_dir, user_options.database, username);
    }
    if (*category_add) {
      return run_category_add(category_options.data_dir, category_options.database, category_name,
                              category_description);
    }
  } catch (const std::exception& e) {
    std::cerr << "parley: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace app

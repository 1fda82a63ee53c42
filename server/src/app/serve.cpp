// `parley serve`: builds the running server from its parts, serves until SIGINT/SIGTERM,
// then shuts down gracefully (stop accepting, finish in-flight requests, flush, exit).
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "api/health.hpp"
#include "app/bus_catch_up.hpp"
#include "app/commands.hpp"
#include "app/database.hpp"
#include "app/event_retention.hpp"
#include "app/routes.hpp"
#include "app/services.hpp"
#include "http/dispatcher.hpp"
#include "http/server.hpp"
#include "metrics/exposition_server.hpp"
#include "metrics/registry.hpp"
#include "realtime/redis_bus.hpp"
#include "util/log.hpp"

namespace app {
namespace fs = std::filesystem;
namespace {

// Room for ~20,000 sockets: lift the soft descriptor limit to the hard one.
void raise_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

std::pair<std::string, unsigned short> split_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--listen wants HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = std::stoi(listen.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::invalid_argument("port out of range in --listen");
  return {host, static_cast<unsigned short>(port)};
}

// The built web client: --web-root, else web/dist of the checkout the binary was built in.
fs::path find_web_root(const std::string& configured) {
  if (!configured.empty()) return configured;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  for (fs::path candidate :
       {exe.parent_path().parent_path() / "web" / "dist", fs::path("web/dist")}) {
    if (!ec && fs::exists(candidate / "index.html")) return candidate;
  }
  return {};
}

// --bus: the nodes sharing this database hear each other's events through Redis.
std::unique_ptr<realtime::RedisBus> make_cluster_bus(const ServeConfig& config, store::Store& store,
                                                     boost::asio::thread_pool& db_pool) {
  if (config.bus.empty()) return nullptr;
  if (!is_postgres_url(config.database))
    throw std::invalid_argument("--bus needs a shared PostgreSQL --database (postgresql://...)");
  auto address = realtime::parse_redis_url(config.bus);
  if (!address)
    throw std::invalid_argument(
        "--bus wants redis://HOST:PORT[/NAME] or unix:///PATH/TO/SOCKET[?name=NAME]");
  realtime::RedisBusOptions options;
  options.address = *address;
  // A silent node's users go offline as a closed socket's do, after the presence grace period
  // (never sooner than three missed heartbeats: a busy peer is not a lost one).
  options.peer_timeout =
      std::max(std::chrono::milliseconds(config.presence_grace_ms), 3 * options.heartbeat);
  return std::make_unique<realtime::RedisBus>(options, read_missed_events(store, db_pool));
}

}  // namespace

int run_serve(const ServeConfig& config) {
  raise_file_limit();
  auto [host, port] = split_listen(config.listen);
  auto store = open_store(config.data_dir, config.database);

  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned io_threads = config.threads ? config.threads : cores;
  boost::asio::thread_pool db_pool(std::max(2u, cores));
  boost::asio::thread_pool hash_pool(std::max(1u, cores));
  store::EventWriter writer(
      *store, 1024, 65536,
      std::chrono::microseconds(static_cast<long>(config.message_commit_interval * 1000)),
      store.get());
  http::IoShards shards(io_threads);
  auto bus = make_cluster_bus(config, *store, db_pool);
  Services services{config, *store, db_pool, hash_pool, writer, shards, bus.get()};

  http::Router router;
  api::register_health_routes(router, *store, db_pool, bus.get());
  http::Dispatcher dispatcher(router, http::OriginPolicy(config.cors_origins));
  RunningParts parts = register_routes(router, dispatcher, services);
  dispatcher.enable_metrics();

  auto web_root = find_web_root(config.web_root);
  if (!web_root.empty()) {
    dispatcher.set_web_root(std::make_shared<http::StaticFiles>(
        web_root,
        http::StaticFiles::Options{
            .spa_fallback = true, .cache_control = "no-cache", .security_headers = true},
        db_pool));
  } else {
    util::LogEvent("web.missing")
        .add("hint", "build the client (make web) or pass --web-root")
        .warn();
  }
  auto media_root = fs::path(config.data_dir) / "media";
  fs::create_directories(media_root);
  dispatcher.set_media(std::make_shared<http::StaticFiles>(
      media_root,
      http::StaticFiles::Options{.nosniff = true, .cache_control = "public, max-age=86400"},
      db_pool));

  http::HttpLimits limits;
  limits.max_connections = config.max_connections;
  limits.header_timeout = std::chrono::seconds(config.header_timeout);
  limits.idle_timeout = std::chrono::seconds(config.idle_timeout);
  http::HttpServer server(shards, dispatcher, limits);
  if (parts.upgrade) server.set_upgrade_handler(parts.upgrade);
  server.listen(host, port);
  metrics::Registry::instance().set_connections(
      [&server] { return static_cast<std::int64_t>(server.open_connections()); });
  std::unique_ptr<metrics::ExpositionServer> metrics_server;
  if (!config.metrics_listen.empty()) {
    auto [metrics_host, metrics_port] = split_listen(config.metrics_listen);
    metrics_server = std::make_unique<metrics::ExpositionServer>(metrics_host, metrics_port);
    metrics_server->start();
    auto at = metrics_server->local_endpoint();
    util::LogEvent("metrics.listening")
        .add("url",
             "http://" + at.address().to_string() + ":" + std::to_string(at.port()) + "/metrics")
        .info();
  }
  auto retention = std::make_shared<EventRetention>(
      shards.shard(0), db_pool, *store, config.event_retention_days, config.event_retention_count);
  retention->start();
  if (bus) bus->start();  // the Hub is its sink by now
  shards.start();

  auto endpoint = server.local_endpoint();
  std::string address = endpoint.address().to_string();
  if (endpoint.address().is_v6()) address = "[" + address + "]";
  std::string url = "http://" + address + ":" + std::to_string(endpoint.port());
  util::LogEvent("server.listening")
      .add("url", url)
      .add("threads", io_threads)
      .add("database", database_label(config.data_dir, config.database))
      .add("bus", bus ? "redis" : "local")
      .add("web_root", web_root.string())
      .info();
  std::printf("Parley is serving on %s\n", url.c_str());
  std::fflush(stdout);

  boost::asio::io_context signals_context;
  boost::asio::signal_set signals(signals_context, SIGINT, SIGTERM);
  signals.async_wait([](const boost::system::error_code&, int) {});
  signals_context.run();

  util::LogEvent("server.stopping").add("open_connections", server.open_connections()).info();
  server.begin_shutdown();
  if (parts.shutdown) parts.shutdown();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  while (server.open_connections() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  shards.stop();
  shards.join();
  if (metrics_server) metrics_server->stop();
  metrics::Registry::instance().set_connections({});
  writer.stop();
  if (bus) bus->stop();  // before the pool its gap reads run on
  db_pool.join();
  hash_pool.join();
  util::LogEvent("server.stopped")
      .add("events_committed", writer.ops_committed())
      .add("commits", writer.batches_committed())
      .info();
  return 0;
}

}  // namespace app

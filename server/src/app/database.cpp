#include "app/database.hpp"

#include <filesystem>
#include <stdexcept>

#include "app/config.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/log.hpp"

namespace app {

bool is_postgres_url(std::string_view database) {
  return database.starts_with("postgresql://") || database.starts_with("postgres://");
}

std::string redacted_postgres_url(std::string_view url) {
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db
  auto scheme_end = url.find("://") + 3;
  auto at = url.find('@', scheme_end);
  auto slash = url.find('/', scheme_end);
  if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) {
    return std::string(url);
  }
  auto colon = url.find(':', scheme_end);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

std::string database_path(const std::string& data_dir, const std::string& database) {
  if (database.empty()) return (std::filesystem::path(data_dir) / "parley.sqlite3").string();
  std::string_view url = database;
  if (is_postgres_url(url)) {
    // backup and import-djchat work on a SQLite file; PostgreSQL has pg_dump and pg_restore.
    throw std::runtime_error("this command needs a SQLite database; " + redacted_postgres_url(url) +
                             " is PostgreSQL (back it up with pg_dump)");
  }
  if (url.starts_with("sqlite:///")) return std::string(url.substr(9));  // keeps the leading /
  if (url.starts_with("sqlite://")) return std::string(url.substr(9));
  if (url.starts_with("sqlite:")) return std::string(url.substr(7));
  if (url.find("://") != std::string_view::npos) {
    throw std::runtime_error(
        "unsupported database URL (use a SQLite path, sqlite:///PATH or postgresql://...): " +
        database);
  }
  return database;  // a plain file path
}

std::string database_label(const std::string& data_dir, const std::string& database) {
  if (is_postgres_url(database)) return redacted_postgres_url(database);
  return database_path(data_dir, database);
}

std::unique_ptr<store::Store> open_store(const std::string& data_dir, const std::string& database) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec)
    throw std::runtime_error("cannot create data directory " + data_dir + ": " + ec.message());
  std::filesystem::permissions(data_dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  auto label = database_label(data_dir, database);
  std::unique_ptr<store::Store> store;
  int migrations = 0;
  if (is_postgres_url(database)) {
    // libpq reads the URI itself: postgresql://USER@HOST:PORT/DB, a Unix socket directory as
    // ?host=/dir or a %2F-encoded host, and its other parameters (sslmode, ...).
    auto postgres = std::make_unique<store::postgres::PostgresStore>(database);
    migrations = postgres->migrations_applied();
    store = std::move(postgres);
  } else {
    auto sqlite = std::make_unique<store::sqlite::SqliteStore>(database_path(data_dir, database));
    migrations = sqlite->migrations_applied();
    store = std::move(sqlite);
  }
  if (migrations > 0) {
    util::LogEvent("store.migrated").add("database", label).add("migrations", migrations).info();
  }
  return store;
}

}  // namespace app

#include "app/database.hpp"

#include <filesystem>
#include <stdexcept>

#include "app/config.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/log.hpp"

namespace app {

std::string database_path(const std::string& data_dir, const std::string& database) {
  if (database.empty()) return (std::filesystem::path(data_dir) / "parley.sqlite3").string();
  std::string_view url = database;
  if (url.starts_with("sqlite:///")) return std::string(url.substr(9));  // keeps the leading /
  if (url.starts_with("sqlite://")) return std::string(url.substr(9));
  if (url.starts_with("sqlite:")) return std::string(url.substr(7));
  if (url.find("://") != std::string_view::npos) {
    throw std::runtime_error("unsupported database URL (this build has the sqlite backend): " +
                             database);
  }
  return database;  // a plain file path
}

std::unique_ptr<store::Store> open_store(const std::string& data_dir, const std::string& database) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec)
    throw std::runtime_error("cannot create data directory " + data_dir + ": " + ec.message());
  std::filesystem::permissions(data_dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  auto path = database_path(data_dir, database);
  auto store = std::make_unique<store::sqlite::SqliteStore>(path);
  if (store->migrations_applied() > 0) {
    util::LogEvent("store.migrated")
        .add("database", path)
        .add("migrations", store->migrations_applied())
        .info();
  }
  return store;
}

}  // namespace app

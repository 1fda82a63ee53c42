#include "app/import_target_open.hpp"

#include <filesystem>

#include "app/database.hpp"
#include "app/djchat_import.hpp"
#include "store/postgres/pg_import.hpp"
#include "store/sqlite/sqlite_import.hpp"

namespace app {
namespace {

void remove_sqlite_file(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path + suffix, ec);
  }
}

OpenedImportTarget open_sqlite(const std::string& path) {
  using store::sqlite::SqliteImportTarget;
  auto existing = SqliteImportTarget::inspect(path);
  if (existing.exists && !existing.is_sqlite) {
    throw ImportError("the target " + path + " is not a SQLite database");
  }
  if (existing.exists && existing.user_version == 0 && existing.tables > 0) {
    throw ImportError("the target " + path + " is not a Parley database (it holds other tables)");
  }
  OpenedImportTarget opened;
  try {
    opened.target = std::make_unique<SqliteImportTarget>(path);
  } catch (const std::exception& e) {
    if (!existing.exists) remove_sqlite_file(path);
    throw ImportError(std::string("cannot open the target: ") + e.what());
  }
  if (!existing.exists) opened.created_file = path;
  return opened;
}

}  // namespace

OpenedImportTarget open_import_target(const std::string& database, const std::string& label) {
  if (!is_postgres_url(database)) return open_sqlite(database);
  OpenedImportTarget opened;
  try {
    opened.target = std::make_unique<store::postgres::PgImportTarget>(database);
  } catch (const std::exception& e) {
    throw ImportError("cannot open the target " + label + ": " + e.what());
  }
  return opened;
}

}  // namespace app

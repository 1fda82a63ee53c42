#include "store/sqlite/sqlite_backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

namespace store::sqlite {
namespace fs = std::filesystem;
namespace {

// An open handle closed on every path out.
struct Handle {
  sqlite3* db = nullptr;
  ~Handle() { sqlite3_close(db); }
};

void open(Handle& handle, const std::string& path, int flags) {
  int rc = sqlite3_open_v2(path.c_str(), &handle.db, flags, nullptr);
  if (rc != SQLITE_OK) {
    throw BackupError("cannot open " + path + ": " +
                      (handle.db ? sqlite3_errmsg(handle.db) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(handle.db, 1);
  sqlite3_busy_timeout(handle.db, 5000);
}

void exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = sql + ": " + (error ? error : sqlite3_errmsg(db));
    sqlite3_free(error);
    throw BackupError(message);
  }
}

std::string text_of(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    if (p) out = p;
  } else {
    std::string message = sql + ": " + sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    throw BackupError(message);
  }
  sqlite3_finalize(stmt);
  return out;
}

void fsync_path(const fs::path& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

BackupResult backup_database(const std::string& source, const std::string& destination,
                             const BackupOptions& options, const BackupProgress& progress) {
  std::error_code ec;
  if (!fs::is_regular_file(source, ec)) throw BackupError("no database at " + source);
  if (fs::exists(destination, ec)) {
    throw BackupError(destination + " exists: back up to a new file (nothing was written)");
  }
  auto temp = destination + ".part";
  fs::remove(temp, ec);

  Handle from;
  open(from, source, SQLITE_OPEN_READONLY);
  // A Parley database: migrated (user_version > 0) and with its accounts table.
  if (std::stoi(text_of(from.db, "PRAGMA user_version")) < 1 ||
      text_of(from.db, "SELECT count(*) FROM sqlite_master WHERE name = 'accounts'") != "1") {
    throw BackupError(source + " is not a Parley database");
  }
  // One read transaction for the whole copy: every step reads the same snapshot, so writes
  // made meanwhile by the server neither restart the backup nor end up half in it.
  bool wal = text_of(from.db, "PRAGMA journal_mode") == "wal";
  if (wal) {
    exec(from.db, "BEGIN");
    text_of(from.db, "SELECT count(*) FROM sqlite_master");
  }

  BackupResult result;
  try {
    {
      Handle to;
      open(to, temp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      sqlite3_backup* backup = sqlite3_backup_init(to.db, "main", from.db, "main");
      if (!backup) throw BackupError(std::string("backup: ") + sqlite3_errmsg(to.db));
      int rc = SQLITE_OK;
      // Written pages are flushed to disk as the copy goes: left to the kernel, a gigabyte of
      // dirty pages would be written out at once at the end, and the server's commits (each
      // an fsync on the same disk) would wait behind it.
      int flush_fd = -1;
      std::int64_t flushed = 0;
      while (true) {
        rc = sqlite3_backup_step(backup, options.pages_per_step);
        ++result.steps;
        std::int64_t total = sqlite3_backup_pagecount(backup);
        std::int64_t done = total - sqlite3_backup_remaining(backup);
        if (progress) progress(done, total);
        if (done - flushed >= options.flush_pages) {
          if (flush_fd < 0) flush_fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
          if (flush_fd >= 0) ::fdatasync(flush_fd);
          flushed = done;
        }
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
        if (options.pause.count() > 0) std::this_thread::sleep_for(options.pause);
      }
      if (flush_fd >= 0) ::close(flush_fd);
      result.pages = sqlite3_backup_pagecount(backup);
      sqlite3_backup_finish(backup);
      if (rc != SQLITE_DONE) {
        throw BackupError(std::string("backup failed: ") + sqlite3_errstr(rc) + " (" +
                          sqlite3_errmsg(to.db) + ")");
      }
      // The copy carries the source's WAL flag; one self-contained file is what a backup
      // should be.
      exec(to.db, "PRAGMA journal_mode = DELETE");
      result.bytes = result.pages * std::stoll(text_of(to.db, "PRAGMA page_size"));
    }
    if (wal) exec(from.db, "COMMIT");
    // It holds password hashes: owner-only, whatever the umask.
    fs::permissions(temp, fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
    fsync_path(temp, O_RDONLY);
    if (fs::exists(destination, ec)) {
      throw BackupError(destination + " appeared during the backup: not overwritten");
    }
    fs::rename(temp, destination);
    auto parent = fs::absolute(destination).parent_path();
    fsync_path(parent, O_RDONLY | O_DIRECTORY);
  } catch (...) {
    fs::remove(temp, ec);
    fs::remove(temp + "-journal", ec);
    fs::remove(temp + "-wal", ec);
    throw;
  }
  return result;
}

std::string check_database(const std::string& path, bool quick) {
  Handle db;
  open(db, path, SQLITE_OPEN_READONLY);
  sqlite3_stmt* stmt = nullptr;
  std::string sql = quick ? "PRAGMA quick_check" : "PRAGMA integrity_check";
  if (sqlite3_prepare_v2(db.db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return sqlite3_errmsg(db.db);
  }
  std::string out;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    if (!out.empty()) out += "; ";
    out += p ? p : "";
  }
  if (rc != SQLITE_DONE) out = sqlite3_errmsg(db.db);
  sqlite3_finalize(stmt);
  return out;
}

}  // namespace store::sqlite

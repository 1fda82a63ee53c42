#include "store/sqlite/connection.hpp"

#include "store/sqlite/lock_waits.hpp"

namespace store::sqlite {
namespace {

[[noreturn]] void fail(sqlite3* db, int code, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  throw Error(db ? sqlite3_extended_errcode(db) : code, message);
}

// Before SQLite initializes: no global allocation statistics. They take a process-wide
// mutex on every allocation, which every statement of every connection makes several of.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

}  // namespace

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt, std::uint64_t* counter)
    : db_(db), stmt_(stmt) {
  ++*counter;
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  int rc =
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, rc, sqlite3_sql(stmt_));
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
}

std::int64_t Statement::int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::text(int column) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string();
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Connection::Connection(const std::string& path) {
  configure_sqlite_once();
  int rc =
      sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open database " + path + ": " + sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(rc, message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_handler(db_, wait_for_write_lock, nullptr);
  // WAL lets readers run beside the single writer; FULL makes every commit durable
  // (group commit keeps that to one fsync per batch of messages).
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=FULL");
  exec("PRAGMA foreign_keys=ON");
  exec("PRAGMA temp_store=MEMORY");
  // Deleted messages are erased from the file, not just unlinked (SPEC §7).
  exec("PRAGMA secure_delete=ON");
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Statement Connection::prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "prepare " + key);
    it = cache_.emplace(std::move(key), stmt).first;
  }
  return Statement(db_, it->second, &statements_run_);
}

void Connection::exec(const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  ++statements_run_;
  if (rc != SQLITE_OK) {
    std::string message = sql + ": " + (error ? error : sqlite3_errstr(rc));
    sqlite3_free(error);
    throw Error(sqlite3_extended_errcode(db_), message);
  }
}

WriteScope::WriteScope(Connection& connection)
    : connection_(connection), nested_(connection.in_transaction()) {
  connection_.exec(nested_ ? "SAVEPOINT write_scope" : "BEGIN IMMEDIATE");
}

WriteScope::~WriteScope() {
  if (done_) return;
  try {
    if (nested_) {
      connection_.exec("ROLLBACK TO write_scope");
      connection_.exec("RELEASE write_scope");
    } else {
      connection_.exec("ROLLBACK");
    }
  } catch (const Error&) {
    // The transaction may already be gone (SQLite rolls back on some errors).
  }
}

void WriteScope::commit() {
  connection_.exec(nested_ ? "RELEASE write_scope" : "COMMIT");
  done_ = true;
}

}  // namespace store::sqlite

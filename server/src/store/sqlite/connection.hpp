// A thin RAII layer over one sqlite3 connection with a cache of prepared statements.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace store::sqlite {

class Error : public std::runtime_error {
 public:
  Error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }
  // A UNIQUE or PRIMARY KEY constraint failed.
  bool is_unique_violation() const {
    return code_ == SQLITE_CONSTRAINT_UNIQUE || code_ == SQLITE_CONSTRAINT_PRIMARYKEY;
  }

 private:
  int code_;
};

// A prepared statement borrowed from the connection's cache; reset when it goes away.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::uint64_t* counter);
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind(int index, bool value) { return bind(index, std::int64_t{value ? 1 : 0}); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Statement& bind(int index, const std::optional<std::string>& value);
  Statement& bind_null(int index);

  // true while a row is available.
  bool step();
  // Runs a statement that returns no rows.
  void run();
  // Ready to bind and step again (a loop of lookups through one statement).
  void reset();

  std::int64_t int64(int column) const;
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens (creating if needed) the database file and applies Parley's connection settings.
  explicit Connection(const std::string& path);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // The statement is prepared once per connection and reused.
  Statement prepare(std::string_view sql);
  void exec(const std::string& sql);
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  std::uint64_t statements_run() const { return statements_run_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::uint64_t statements_run_ = 0;
};

// Atomic scope: BEGIN IMMEDIATE when outermost, a SAVEPOINT when nested.
// Commits in commit(); rolls back if destroyed without it.
class WriteScope {
 public:
  explicit WriteScope(Connection& connection);
  WriteScope(const WriteScope&) = delete;
  WriteScope& operator=(const WriteScope&) = delete;
  ~WriteScope();
  void commit();

 private:
  Connection& connection_;
  bool nested_;
  bool done_ = false;
};

}  // namespace store::sqlite

// A thin RAII layer over one libpq connection: statements prepared once per connection
// (PQprepare, then PQexecPrepared), text parameters and results, nested transactions, and
// reconnection after the server went away.
#pragma once
#include <libpq-fe.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/service_unavailable.hpp"

namespace store::postgres {

class Error : public std::runtime_error {
 public:
  Error(std::string sqlstate, const std::string& what)
      : std::runtime_error(what), sqlstate_(std::move(sqlstate)) {}
  // The SQLSTATE of the failure ("" when the connection itself failed).
  const std::string& sqlstate() const { return sqlstate_; }
  bool is_unique_violation() const { return sqlstate_ == "23505"; }

 private:
  std::string sqlstate_;
};

// The database cannot be reached or is shutting down (SQLSTATE class 08, 57P01-57P03): the
// call may work later, once a connection is made again (a 503, an `unavailable` frame).
class Unavailable : public util::ServiceUnavailable {
 public:
  Unavailable(std::string sqlstate, const std::string& what)
      : util::ServiceUnavailable(what), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }
  static bool is_unavailable_state(std::string_view sqlstate) {
    return sqlstate.starts_with("08") || sqlstate.starts_with("57P");
  }

 private:
  std::string sqlstate_;
};

// Owns a PGresult.
class Result {
 public:
  Result() = default;
  explicit Result(PGresult* result) : result_(result) {}
  Result(Result&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() { PQclear(result_); }
  PGresult* get() const { return result_; }

 private:
  PGresult* result_ = nullptr;
};

class Connection;

// One execution of a prepared statement: bind the parameters ($1 is index 1), then step()
// through its rows (the first step() runs it) or run() it.
class Statement {
 public:
  // sql: the connection's copy of the text, for error messages.
  Statement(Connection& connection, const std::string& name, const std::string& sql,
            int parameters);
  Statement(Statement&&) = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind(int index, bool value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Statement& bind(int index, const std::optional<std::string>& value);
  Statement& bind_null(int index);

  // true while a row is available.
  bool step();
  // Runs a statement whose rows (if any) are not needed.
  void run();
  // Rows the statement inserted, updated or deleted.
  int changes() const;

  std::int64_t int64(int column) const;
  bool boolean(int column) const;
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  bool is_null(int column) const;

 private:
  void execute();
  const char* value(int column) const;

  Connection* connection_;
  const std::string* name_;
  const std::string* sql_;
  std::vector<std::optional<std::string>> values_;
  Result result_;
  bool executed_ = false;
  int row_ = -1;
};

class Connection {
 public:
  // Connects with a libpq connection string or postgresql:// URI. Throws on failure.
  explicit Connection(std::string conninfo);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Before each store call: notices a connection the server closed while it sat idle and
  // opens a new one (its prepared statements are prepared again on use). Throws while the
  // server cannot be reached; never retries a statement, so nothing runs twice.
  void ensure_connected();

  // The statement is prepared once per connection and reused.
  Statement prepare(std::string_view sql);
  // Runs SQL without parameters (one or more statements).
  void exec(const std::string& sql);

  bool in_transaction() const { return depth_ > 0; }
  std::uint64_t statements_run() const { return statements_run_; }

 private:
  friend class Statement;
  friend class WriteScope;
  // Runs a prepared statement; throws Error unless it succeeded.
  Result exec_prepared(const std::string& name, const std::string& sql,
                       const std::vector<std::optional<std::string>>& values);
  [[noreturn]] void fail(PGresult* result, std::string_view context);
  void connect();

  std::string conninfo_;
  PGconn* conn_ = nullptr;
  struct Prepared {
    std::string name;
    int parameters = 0;
    std::uint64_t session = 0;  // prepared on this session; another one prepares it again
  };
  // Entries are never erased (Statements point into them); a new session after a reconnect
  // makes them stale instead.
  std::unordered_map<std::string, Prepared> prepared_;
  std::uint64_t session_ = 0;
  std::uint64_t statements_run_ = 0;
  int depth_ = 0;  // open WriteScopes
};

// Atomic scope: BEGIN when outermost, a SAVEPOINT when nested (so that an error inside a
// nested scope, which aborts PostgreSQL's transaction, rolls back only that scope).
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
  int level_;  // 0: the transaction, n: savepoint sp<n>
  bool done_ = false;
};

}  // namespace store::postgres

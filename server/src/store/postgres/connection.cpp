#include "store/postgres/connection.hpp"

#include <poll.h>

#include <charconv>
#include <cstring>

#include "util/log.hpp"

namespace store::postgres {

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

Statement::Statement(Connection& connection, const std::string& name, const std::string& sql,
                     int parameters)
    : connection_(&connection),
      name_(&name),
      sql_(&sql),
      values_(static_cast<std::size_t>(parameters)) {}

Statement& Statement::bind(int index, std::int64_t value) {
  return bind(index, std::string_view(std::to_string(value)));
}

Statement& Statement::bind(int index, bool value) {
  return bind(index, std::string_view(value ? "t" : "f"));
}

Statement& Statement::bind(int index, std::string_view value) {
  if (index < 1 || static_cast<std::size_t>(index) > values_.size()) {
    throw Error("", "bind: no parameter $" + std::to_string(index) + " in " + *sql_);
  }
  values_[static_cast<std::size_t>(index - 1)] = std::string(value);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  if (index < 1 || static_cast<std::size_t>(index) > values_.size()) {
    throw Error("", "bind: no parameter $" + std::to_string(index) + " in " + *sql_);
  }
  values_[static_cast<std::size_t>(index - 1)].reset();
  return *this;
}

void Statement::execute() {
  result_ = connection_->exec_prepared(*name_, *sql_, values_);
  executed_ = true;
}

bool Statement::step() {
  if (!executed_) execute();
  ++row_;
  return row_ < PQntuples(result_.get());
}

void Statement::run() {
  if (!executed_) execute();
}

int Statement::changes() const {
  const char* count = PQcmdTuples(result_.get());
  return count && *count ? std::atoi(count) : 0;
}

const char* Statement::value(int column) const {
  return PQgetvalue(result_.get(), row_, column);
}

bool Statement::is_null(int column) const {
  return PQgetisnull(result_.get(), row_, column) != 0;
}

std::int64_t Statement::int64(int column) const {
  if (is_null(column)) return 0;
  const char* text = value(column);
  std::int64_t out = 0;
  auto end = text + std::strlen(text);
  auto [ptr, ec] = std::from_chars(text, end, out);
  if (ec != std::errc() || ptr != end) {
    throw Error("", std::string("not an integer: ") + text);
  }
  return out;
}

bool Statement::boolean(int column) const {
  return !is_null(column) && value(column)[0] == 't';
}

std::string Statement::text(int column) const {
  return std::string(value(column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

Connection::Connection(std::string conninfo) : conninfo_(std::move(conninfo)) {
  connect();
}

Connection::~Connection() {
  PQfinish(conn_);
}

void Connection::connect() {
  if (conn_) PQfinish(conn_);
  ++session_;
  depth_ = 0;
  conn_ = PQconnectdb(conninfo_.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = "cannot connect to PostgreSQL: ";
    message += PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw Unavailable("08001", message);  // sqlclient_unable_to_establish_sqlconnection
  }
  // Server notices (a shutdown's FATAL, "already exists, skipping") go to the log, not stderr.
  PQsetNoticeProcessor(
      conn_,
      [](void*, const char* message) {
        std::string_view text(message);
        while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
        util::LogEvent("store.postgres_notice").add("message", text).debug();
      },
      nullptr);
  // Text is UTF-8 whatever the server's defaults.
  exec("SET client_encoding = 'UTF8'");
}

void Connection::ensure_connected() {
  if (depth_ > 0) return;  // mid-transaction: a broken connection fails the next statement
  // An idle connection (no LISTEN, no query in flight) gets input only when the server is
  // ending it: a FATAL notice, then the end of the stream. Reading them lets libpq see that
  // the connection is gone, so this call reconnects instead of failing on a dead socket.
  for (int reads = 0; reads < 4 && conn_ && PQstatus(conn_) == CONNECTION_OK; ++reads) {
    pollfd idle{PQsocket(conn_), POLLIN, 0};
    if (poll(&idle, 1, 0) <= 0) break;
    if (!PQconsumeInput(conn_)) break;
  }
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) connect();
}

void Connection::fail(PGresult* result, std::string_view context) {
  std::string sqlstate;
  if (result) {
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    if (state) sqlstate = state;
  }
  // A connection that broke mid-call gives no SQLSTATE: connection_failure.
  if (sqlstate.empty() && PQstatus(conn_) != CONNECTION_OK) sqlstate = "08006";
  std::string message(context);
  message += ": ";
  message += result ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  PQclear(result);
  if (Unavailable::is_unavailable_state(sqlstate)) throw Unavailable(sqlstate, message);
  throw Error(sqlstate, message);
}

Statement Connection::prepare(std::string_view sql) {
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it == prepared_.end()) {
    std::string name = std::to_string(prepared_.size() + 1);
    name.insert(name.begin(), 'p');
    it = prepared_.emplace(std::move(key), Prepared{std::move(name), 0, 0}).first;
  }
  auto& entry = it->second;
  if (entry.session != session_) {
    PGresult* made = PQprepare(conn_, entry.name.c_str(), it->first.c_str(), 0, nullptr);
    if (PQresultStatus(made) != PGRES_COMMAND_OK) fail(made, it->first);
    PQclear(made);
    PGresult* described = PQdescribePrepared(conn_, entry.name.c_str());
    if (PQresultStatus(described) != PGRES_COMMAND_OK) fail(described, it->first);
    entry.parameters = PQnparams(described);
    PQclear(described);
    entry.session = session_;
  }
  return Statement(*this, entry.name, it->first, entry.parameters);
}

Result Connection::exec_prepared(const std::string& name, const std::string& sql,
                                 const std::vector<std::optional<std::string>>& values) {
  std::vector<const char*> pointers;
  std::vector<int> lengths;
  pointers.reserve(values.size());
  lengths.reserve(values.size());
  for (const auto& value : values) {
    pointers.push_back(value ? value->c_str() : nullptr);
    lengths.push_back(value ? static_cast<int>(value->size()) : 0);
  }
  ++statements_run_;
  PGresult* result = PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()),
                                    pointers.data(), lengths.data(), nullptr, 0);
  auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, sql);
  return Result(result);
}

void Connection::exec(const std::string& sql) {
  PGresult* result = PQexec(conn_, sql.c_str());
  auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, sql.substr(0, 80));
  PQclear(result);
}

WriteScope::WriteScope(Connection& connection)
    : connection_(connection), level_(connection.depth_) {
  connection_.exec(level_ == 0 ? std::string("BEGIN") : "SAVEPOINT sp" + std::to_string(level_));
  ++connection_.depth_;
}

WriteScope::~WriteScope() {
  if (done_) return;
  --connection_.depth_;
  try {
    if (level_ == 0) {
      connection_.exec("ROLLBACK");
    } else {
      auto name = "sp" + std::to_string(level_);
      connection_.exec("ROLLBACK TO SAVEPOINT " + name + "; RELEASE SAVEPOINT " + name);
    }
  } catch (const std::exception&) {
    // The connection broke: the server rolled the transaction back already.
  }
}

void WriteScope::commit() {
  done_ = true;
  --connection_.depth_;
  if (level_ > 0) {
    connection_.exec("RELEASE SAVEPOINT sp" + std::to_string(level_));
    return;
  }
  // COMMIT of a transaction a failed statement aborted answers "ROLLBACK", not an error.
  PGresult* result = PQexec(connection_.conn_, "COMMIT");
  if (PQresultStatus(result) != PGRES_COMMAND_OK) connection_.fail(result, "COMMIT");
  bool committed = std::string_view(PQcmdStatus(result)) == "COMMIT";
  PQclear(result);
  if (!committed) {
    throw Error("40000", "COMMIT: the transaction was aborted and rolled back");
  }
}

}  // namespace store::postgres

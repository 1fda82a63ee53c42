#include "store/sqlite/djchat_source.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <set>

namespace store::sqlite {
namespace {

// One read-only statement; throws SourceError on failure (a corrupt page shows up here).
class Query {
 public:
  Query(sqlite3* db, const std::string& sql) : db_(db) {
    int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(rc, "cannot read the source (" + sql + ")");
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() { sqlite3_finalize(stmt_); }

  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(rc, "cannot read the source");
  }
  std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::string text(int column) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
  }
  std::optional<std::string> optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
  }

 private:
  [[noreturn]] void fail(int rc, const std::string& what) {
    std::string detail = sqlite3_errmsg(db_);
    if ((rc & 0xff) == SQLITE_NOTADB) {
      throw SourceError("the source is not a SQLite database (" + detail + ")");
    }
    if ((rc & 0xff) == SQLITE_CORRUPT) {
      throw SourceError("the source database is corrupt (" + detail + ")");
    }
    throw SourceError(what + ": " + detail);
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// What this reader needs of each table: the columns it selects.
const std::map<std::string, std::vector<std::string>>& required_columns() {
  static const std::map<std::string, std::vector<std::string>> kColumns = {
      {"account_account",
       {"id", "password", "username", "is_staff", "is_superuser", "is_active", "date_joined"}},
      {"server_category", {"id", "name", "description", "icon"}},
      {"server_server", {"id", "name", "owner_id", "category_id", "description", "icon", "banner"}},
      {"server_server_member", {"server_id", "account_id"}},
      {"server_channel", {"id", "name", "owner_id", "topic", "server_id"}},
      {"webchat_conversation", {"id", "channel_id"}},
      {"webchat_message", {"id", "conversation_id", "sender_id", "content", "timestamp"}},
  };
  return kColumns;
}

// The migrations of djchat's apps that this reader knows: the course's final code and the
// reference peer (webchat 0002 renames the message's foreign key to `conversation`).
const std::set<std::string>& known_migrations() {
  static const std::set<std::string> kKnown = {
      "account.0001_initial",
      "server.0001_initial",
      "webchat.0001_initial",
      "webchat.0002_rename_conversation_message_conversation",
  };
  return kKnown;
}

}  // namespace

DjchatSource::DjchatSource(const std::string& path, const SourceCheck& check) : path_(path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw SourceError("no such file: " + path);
  if (!std::filesystem::is_regular_file(path, ec)) throw SourceError("not a file: " + path);
  // Read-only: the source is never changed, even its journal mode.
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw SourceError("cannot open " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
  try {
    check_integrity();
    check_tables();
    check_migrations(check);
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

DjchatSource::~DjchatSource() {
  sqlite3_close(db_);
}

void DjchatSource::check_integrity() {
  Query query(db_, "PRAGMA quick_check(5)");
  std::string problems;
  while (query.step()) {
    auto line = query.text(0);
    if (line == "ok") continue;
    if (!problems.empty()) problems += "; ";
    problems += line;
  }
  if (!problems.empty()) throw SourceError("the source database is corrupt: " + problems);
}

void DjchatSource::check_tables() {
  std::set<std::string> tables;
  {
    Query query(db_, "SELECT name FROM sqlite_master WHERE type = 'table'");
    while (query.step()) tables.insert(query.text(0));
  }
  if (!tables.contains("django_migrations")) {
    throw SourceError(path_ + " is not a Django database (it has no django_migrations table)");
  }
  std::vector<std::string> missing;
  for (const auto& [table, columns] : required_columns()) {
    if (!tables.contains(table)) missing.push_back(table);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& t : missing) list += (list.empty() ? "" : ", ") + t;
    throw SourceError(path_ + " is not a djchat database (missing tables: " + list + ")");
  }
  for (const auto& [table, columns] : required_columns()) {
    std::set<std::string> present;
    Query query(db_, "PRAGMA table_info(" + table + ")");
    while (query.step()) present.insert(query.text(1));
    for (const auto& column : columns) {
      if (!present.contains(column)) {
        throw SourceError("unknown djchat schema: table " + table + " has no column " + column);
      }
    }
  }
}

void DjchatSource::check_migrations(const SourceCheck& check) {
  Query query(db_,
              "SELECT app, name FROM django_migrations WHERE app IN ('account', 'server', "
              "'webchat') ORDER BY id");
  std::vector<std::string> unknown;
  while (query.step()) {
    auto name = query.text(0) + "." + query.text(1);
    if (!known_migrations().contains(name)) unknown.push_back(name);
    migrations_.push_back(std::move(name));
  }
  for (const char* initial :
       {"account.0001_initial", "server.0001_initial", "webchat.0001_initial"}) {
    bool found = false;
    for (const auto& m : migrations_) found = found || m == initial;
    if (!found) {
      throw SourceError(path_ + " is not a djchat database (migration " + std::string(initial) +
                        " was never applied)");
    }
  }
  if (!unknown.empty() && !check.ignore_unknown_migrations) {
    std::string list;
    for (const auto& m : unknown) list += (list.empty() ? "" : ", ") + m;
    throw SourceError("unknown djchat schema version: migrations " + list +
                      " are not ones this importer knows (it knows account.0001_initial, "
                      "server.0001_initial, webchat.0001_initial and webchat.0002); "
                      "--ignore-unknown-migrations imports anyway when every column it reads "
                      "is there");
  }
}

std::vector<DjAccount> DjchatSource::accounts() {
  std::vector<DjAccount> out;
  Query query(db_,
              "SELECT id, username, password, is_staff, is_superuser, is_active, date_joined "
              "FROM account_account ORDER BY id");
  while (query.step()) {
    DjAccount a;
    a.id = query.int64(0);
    a.username = query.text(1);
    a.password = query.text(2);
    a.is_staff = query.int64(3) != 0;
    a.is_superuser = query.int64(4) != 0;
    a.is_active = query.is_null(5) || query.int64(5) != 0;
    a.date_joined = query.optional_text(6);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<DjCategory> DjchatSource::categories() {
  std::vector<DjCategory> out;
  Query query(db_, "SELECT id, name, description, icon FROM server_category ORDER BY id");
  while (query.step()) {
    out.push_back({query.int64(0), query.text(1), query.optional_text(2), query.optional_text(3)});
  }
  return out;
}

std::vector<DjServer> DjchatSource::servers() {
  std::vector<DjServer> out;
  Query query(db_,
              "SELECT id, name, owner_id, category_id, description, icon, banner FROM "
              "server_server ORDER BY id");
  while (query.step()) {
    out.push_back({query.int64(0), query.text(1), query.int64(2), query.int64(3),
                   query.optional_text(4), query.optional_text(5), query.optional_text(6)});
  }
  return out;
}

std::vector<DjMember> DjchatSource::members() {
  std::vector<DjMember> out;
  Query query(db_,
              "SELECT server_id, account_id FROM server_server_member ORDER BY server_id, "
              "account_id");
  while (query.step()) out.push_back({query.int64(0), query.int64(1)});
  return out;
}

std::vector<DjChannel> DjchatSource::channels() {
  std::vector<DjChannel> out;
  Query query(db_, "SELECT id, name, owner_id, topic, server_id FROM server_channel ORDER BY id");
  while (query.step()) {
    out.push_back({query.int64(0), query.text(1), query.int64(2), query.text(3), query.int64(4)});
  }
  return out;
}

std::vector<DjConversation> DjchatSource::conversations() {
  std::vector<DjConversation> out;
  Query query(db_, "SELECT id, channel_id FROM webchat_conversation ORDER BY id");
  while (query.step()) out.push_back({query.int64(0), query.text(1)});
  return out;
}

std::int64_t DjchatSource::message_count() {
  Query query(db_, "SELECT count(*) FROM webchat_message");
  return query.step() ? query.int64(0) : 0;
}

void DjchatSource::for_each_message(const std::function<void(const DjMessage&)>& visit) {
  Query query(db_,
              "SELECT id, conversation_id, sender_id, content, timestamp FROM webchat_message "
              "ORDER BY id");
  DjMessage m;
  while (query.step()) {
    m.id = query.int64(0);
    m.conversation_id = query.int64(1);
    m.sender_id = query.int64(2);
    m.content = query.text(3);
    m.timestamp = query.optional_text(4);
    visit(m);
  }
}

}  // namespace store::sqlite

#include "store/sqlite/sqlite_import.hpp"

#include <filesystem>

#include "store/sqlite/migrations.hpp"

namespace store::sqlite {

SqliteImportTarget::Existing SqliteImportTarget::inspect(const std::string& path) {
  Existing existing;
  std::error_code ec;
  existing.exists = std::filesystem::exists(path, ec);
  if (!existing.exists) return existing;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    auto read_int = [&](const char* sql, int& out) {
      sqlite3_stmt* stmt = nullptr;
      bool ok = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
                sqlite3_step(stmt) == SQLITE_ROW;
      if (ok) out = sqlite3_column_int(stmt, 0);
      sqlite3_finalize(stmt);
      return ok;
    };
    existing.is_sqlite =
        read_int("SELECT count(*) FROM sqlite_master WHERE type = 'table'", existing.tables) &&
        read_int("PRAGMA user_version", existing.user_version);
  }
  sqlite3_close(db);
  return existing;
}

SqliteImportTarget::SqliteImportTarget(const std::string& path) : connection_(path) {
  migrate(connection_);
  // A bigger page cache for the bulk insert: the message indexes stay in memory (256 MiB).
  connection_.exec("PRAGMA cache_size = -262144");
}

SqliteImportTarget::Contents SqliteImportTarget::contents() {
  Contents c;
  auto count = [&](const char* sql) {
    auto stmt = connection_.prepare(sql);
    return stmt.step() ? stmt.int64(0) : 0;
  };
  c.accounts = count("SELECT count(*) FROM accounts");
  c.categories = count("SELECT count(*) FROM categories");
  c.servers = count("SELECT count(*) FROM servers");
  c.channels = count("SELECT count(*) FROM channels");
  c.messages = count("SELECT count(*) FROM messages");
  return c;
}

bool SqliteImportTarget::has_account(std::int64_t id, std::string_view username_key,
                                     std::int64_t date_joined) {
  auto stmt = connection_.prepare(
      "SELECT 1 FROM accounts WHERE id = ? AND username_key = ? AND date_joined = ?");
  stmt.bind(1, id).bind(2, username_key).bind(3, date_joined);
  return stmt.step();
}

void SqliteImportTarget::begin() {
  scope_.emplace(connection_);
}

void SqliteImportTarget::commit() {
  scope_->commit();
  scope_.reset();
}

void SqliteImportTarget::finish_channels() {
  connection_.exec(
      "UPDATE channels SET last_message_id = "
      "COALESCE((SELECT MAX(id) FROM messages WHERE channel_id = channels.id), 0)");
}

void SqliteImportTarget::add_account(std::int64_t id, std::string_view username,
                                     std::string_view username_key, std::string_view password_hash,
                                     bool is_staff, bool is_active, std::int64_t date_joined) {
  connection_
      .prepare(
          "INSERT INTO accounts (id, username, username_key, password_hash, is_staff, "
          "is_active, date_joined) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, id)
      .bind(2, username)
      .bind(3, username_key)
      .bind(4, password_hash)
      .bind(5, is_staff)
      .bind(6, is_active)
      .bind(7, date_joined)
      .run();
}

void SqliteImportTarget::add_category(std::int64_t id, std::string_view name,
                                      const std::optional<std::string>& description,
                                      const std::optional<std::string>& icon) {
  connection_.prepare("INSERT INTO categories (id, name, description, icon) VALUES (?, ?, ?, ?)")
      .bind(1, id)
      .bind(2, name)
      .bind(3, description)
      .bind(4, icon)
      .run();
}

void SqliteImportTarget::add_server(std::int64_t id, std::string_view name,
                                    const std::optional<std::string>& description,
                                    std::int64_t owner_id, std::int64_t category_id,
                                    const std::optional<std::string>& icon,
                                    const std::optional<std::string>& banner,
                                    std::int64_t created_at) {
  connection_
      .prepare(
          "INSERT INTO servers (id, name, description, owner_id, category_id, icon, banner, "
          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, id)
      .bind(2, name)
      .bind(3, description)
      .bind(4, owner_id)
      .bind(5, category_id)
      .bind(6, icon)
      .bind(7, banner)
      .bind(8, created_at)
      .run();
}

void SqliteImportTarget::add_member(std::int64_t server_id, std::int64_t account_id,
                                    std::int64_t joined_at) {
  connection_.prepare("INSERT INTO memberships (server_id, account_id, joined_at) VALUES (?, ?, ?)")
      .bind(1, server_id)
      .bind(2, account_id)
      .bind(3, joined_at)
      .run();
}

void SqliteImportTarget::add_channel(std::int64_t id, std::int64_t server_id, std::int64_t owner_id,
                                     std::string_view name, std::string_view topic, int position) {
  connection_
      .prepare(
          "INSERT INTO channels (id, server_id, owner_id, name, topic, position) VALUES (?, ?, "
          "?, ?, ?, ?)")
      .bind(1, id)
      .bind(2, server_id)
      .bind(3, owner_id)
      .bind(4, name)
      .bind(5, topic)
      .bind(6, position)
      .run();
}

void SqliteImportTarget::add_message(std::int64_t id, std::int64_t channel_id,
                                     std::int64_t sender_id, std::string_view content,
                                     std::int64_t created_at) {
  connection_
      .prepare(
          "INSERT INTO messages (id, channel_id, sender_id, content, created_at) VALUES (?, ?, "
          "?, ?, ?)")
      .bind(1, id)
      .bind(2, channel_id)
      .bind(3, sender_id)
      .bind(4, content)
      .bind(5, created_at)
      .run();
}

}  // namespace store::sqlite

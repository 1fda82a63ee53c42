#include "store/postgres/pg_import.hpp"

#include "chat/search_text.hpp"
#include "store/postgres/migrations.hpp"

namespace store::postgres {
namespace {

// Rows per multi-row INSERT: 6 parameters each, far below libpq's 65,535.
constexpr std::size_t kMessageBatch = 500;
constexpr std::size_t kColumns = 6;

std::string message_insert_sql(std::size_t rows) {
  std::string sql =
      "INSERT INTO messages (id, channel_id, sender_id, content, created_at, search_tsv) VALUES ";
  for (std::size_t row = 0; row < rows; ++row) {
    auto p = row * kColumns;
    sql += row ? ", (" : "(";
    for (std::size_t column = 1; column < kColumns; ++column) {
      sql += '$';
      sql += std::to_string(p + column);
      sql += ", ";
    }
    // The search index's tokens, as the live insert stores them (pg_channel_ops.cpp).
    sql += "array_to_tsvector(string_to_array($";
    sql += std::to_string(p + kColumns);
    sql += ", ' ')))";
  }
  return sql;
}

}  // namespace

PgImportTarget::PgImportTarget(const std::string& conninfo) : connection_(conninfo) {
  migrate(connection_);
}

PgImportTarget::Contents PgImportTarget::contents() {
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

bool PgImportTarget::has_account(std::int64_t id, std::string_view username_key,
                                 std::int64_t date_joined) {
  auto stmt = connection_.prepare(
      "SELECT 1 FROM accounts WHERE id = $1 AND username_key = $2 AND date_joined = $3");
  stmt.bind(1, id).bind(2, username_key).bind(3, date_joined);
  return stmt.step();
}

void PgImportTarget::begin() {
  scope_.emplace(connection_);
}

void PgImportTarget::commit() {
  flush_messages();
  scope_->commit();
  scope_.reset();
}

void PgImportTarget::finish_channels() {
  flush_messages();
  connection_.exec(
      "UPDATE channels SET last_message_id = "
      "COALESCE((SELECT MAX(id) FROM messages WHERE channel_id = channels.id), 0)");
  // The rows came with their ids, so the identities never advanced: move each past the
  // largest imported id (setval's third argument true: the next id is max + 1).
  for (const char* table : {"accounts", "categories", "servers", "channels", "messages"}) {
    connection_.exec(std::string("SELECT setval(pg_get_serial_sequence('") + table +
                     "', 'id'), m, true) FROM (SELECT MAX(id) AS m FROM " + table +
                     ") AS imported WHERE m IS NOT NULL");
  }
}

void PgImportTarget::add_account(std::int64_t id, std::string_view username,
                                 std::string_view username_key, std::string_view password_hash,
                                 bool is_staff, bool is_active, std::int64_t date_joined) {
  connection_
      .prepare(
          "INSERT INTO accounts (id, username, username_key, password_hash, is_staff, "
          "is_active, date_joined) VALUES ($1, $2, $3, $4, $5, $6, $7)")
      .bind(1, id)
      .bind(2, username)
      .bind(3, username_key)
      .bind(4, password_hash)
      .bind(5, is_staff)
      .bind(6, is_active)
      .bind(7, date_joined)
      .run();
}

void PgImportTarget::add_category(std::int64_t id, std::string_view name,
                                  const std::optional<std::string>& description,
                                  const std::optional<std::string>& icon) {
  connection_
      .prepare("INSERT INTO categories (id, name, description, icon) VALUES ($1, $2, $3, $4)")
      .bind(1, id)
      .bind(2, name)
      .bind(3, description)
      .bind(4, icon)
      .run();
}

void PgImportTarget::add_server(std::int64_t id, std::string_view name,
                                const std::optional<std::string>& description,
                                std::int64_t owner_id, std::int64_t category_id,
                                const std::optional<std::string>& icon,
                                const std::optional<std::string>& banner, std::int64_t created_at) {
  connection_
      .prepare(
          "INSERT INTO servers (id, name, description, owner_id, category_id, icon, banner, "
          "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
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

void PgImportTarget::add_member(std::int64_t server_id, std::int64_t account_id,
                                std::int64_t joined_at) {
  connection_
      .prepare("INSERT INTO memberships (server_id, account_id, joined_at) VALUES ($1, $2, $3)")
      .bind(1, server_id)
      .bind(2, account_id)
      .bind(3, joined_at)
      .run();
}

void PgImportTarget::add_channel(std::int64_t id, std::int64_t server_id, std::int64_t owner_id,
                                 std::string_view name, std::string_view topic, int position) {
  connection_
      .prepare(
          "INSERT INTO channels (id, server_id, owner_id, name, topic, position) VALUES ($1, "
          "$2, $3, $4, $5, $6)")
      .bind(1, id)
      .bind(2, server_id)
      .bind(3, owner_id)
      .bind(4, name)
      .bind(5, topic)
      .bind(6, position)
      .run();
}

void PgImportTarget::add_message(std::int64_t id, std::int64_t channel_id, std::int64_t sender_id,
                                 std::string_view content, std::int64_t created_at) {
  pending_.push_back({id, channel_id, sender_id, created_at, std::string(content)});
  if (pending_.size() == kMessageBatch) flush_messages();
}

void PgImportTarget::flush_messages() {
  if (pending_.empty()) return;
  // Full batches share one prepared statement; the last, shorter one prepares its own.
  auto stmt = connection_.prepare(message_insert_sql(pending_.size()));
  int p = 0;
  for (const auto& m : pending_) {
    stmt.bind(p + 1, m.id)
        .bind(p + 2, m.channel_id)
        .bind(p + 3, m.sender_id)
        .bind(p + 4, m.content)
        .bind(p + 5, m.created_at)
        .bind(p + 6, chat::search_index_text(m.content));
    p += static_cast<int>(kColumns);
  }
  stmt.run();
  pending_.clear();
}

}  // namespace store::postgres

// CommunityStore on SQLite: categories, servers, channels and memberships.
#include "chat/username.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/time.hpp"

namespace store::sqlite {

std::optional<Id> SqliteStore::create_category(std::string_view name,
                                               std::optional<std::string> description) {
  auto& db = connection();
  try {
    db.prepare("INSERT INTO categories (name, description) VALUES (?, ?)")
        .bind(1, chat::fold_case(name))
        .bind(2, description)
        .run();
  } catch (const Error& e) {
    if (e.is_unique_violation()) return std::nullopt;
    throw;
  }
  return db.last_insert_id();
}

std::vector<model::Category> SqliteStore::list_categories() {
  auto stmt =
      connection().prepare("SELECT id, name, description, icon FROM categories ORDER BY id");
  std::vector<model::Category> categories;
  while (stmt.step()) {
    categories.push_back(
        {stmt.int64(0), stmt.text(1), stmt.optional_text(2), stmt.optional_text(3)});
  }
  return categories;
}

std::optional<model::Category> SqliteStore::find_category_by_name(std::string_view name) {
  auto stmt =
      connection().prepare("SELECT id, name, description, icon FROM categories WHERE name = ?");
  stmt.bind(1, chat::fold_case(name));
  if (!stmt.step()) return std::nullopt;
  return model::Category{stmt.int64(0), stmt.text(1), stmt.optional_text(2), stmt.optional_text(3)};
}

Id SqliteStore::create_server(const NewServer& server) {
  auto& db = connection();
  WriteScope scope(db);
  auto now = util::now_micros();
  db.prepare(
        "INSERT INTO servers (name, description, owner_id, category_id, created_at, visibility) "
        "VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, server.name)
      .bind(2, server.description)
      .bind(3, server.owner_id)
      .bind(4, server.category_id)
      .bind(5, now)
      .bind(6, server.is_private ? "private" : "public")
      .run();
  Id id = db.last_insert_id();
  add_member(id, server.owner_id);
  scope.commit();
  return id;
}

std::optional<model::Server> SqliteStore::find_server_by_name(std::string_view name) {
  auto stmt = connection().prepare(std::string("SELECT ") + kServerColumns +
                                   " FROM servers s JOIN categories c ON c.id = s.category_id "
                                   "WHERE s.name = ? ORDER BY s.id LIMIT 1");
  stmt.bind(1, name);
  if (!stmt.step()) return std::nullopt;
  return read_server_row(stmt);
}

Id SqliteStore::create_channel(const NewChannel& channel) {
  auto& db = connection();
  db.prepare(
        "INSERT INTO channels (server_id, owner_id, name, topic, position) "
        "VALUES (?1, ?2, ?3, ?4, "
        "(SELECT COALESCE(MAX(position) + 1, 0) FROM channels WHERE server_id = ?1))")
      .bind(1, channel.server_id)
      .bind(2, channel.owner_id)
      .bind(3, channel.name)
      .bind(4, channel.topic)
      .run();
  return db.last_insert_id();
}

std::optional<model::Channel> SqliteStore::find_channel(Id channel_id) {
  auto stmt = connection().prepare("SELECT " + std::string(kChannelColumns) +
                                   " FROM channels WHERE id = ?");
  stmt.bind(1, channel_id);
  if (!stmt.step()) return std::nullopt;
  return read_channel_row(stmt);
}

std::optional<model::Channel> SqliteStore::find_channel_by_name(Id server_id,
                                                                std::string_view name) {
  auto stmt = connection().prepare("SELECT " + std::string(kChannelColumns) +
                                   " FROM channels "
                                   "WHERE server_id = ? AND name = ? ORDER BY id LIMIT 1");
  stmt.bind(1, server_id).bind(2, name);
  if (!stmt.step()) return std::nullopt;
  return read_channel_row(stmt);
}

bool SqliteStore::add_member(Id server_id, Id account_id) {
  auto& db = connection();
  db.prepare(
        "INSERT INTO memberships (server_id, account_id, joined_at) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING")
      .bind(1, server_id)
      .bind(2, account_id)
      .bind(3, util::now_micros())
      .run();
  return db.changes() > 0;
}

bool SqliteStore::is_member(Id server_id, Id account_id) {
  auto stmt =
      connection().prepare("SELECT 1 FROM memberships WHERE server_id = ? AND account_id = ?");
  stmt.bind(1, server_id).bind(2, account_id);
  return stmt.step();
}

}  // namespace store::sqlite

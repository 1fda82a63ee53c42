// CommunityStore on PostgreSQL: categories, servers, channels and memberships.
#include "chat/username.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/rows.hpp"
#include "util/time.hpp"

namespace store::postgres {

std::optional<Id> PostgresStore::create_category(std::string_view name,
                                                 std::optional<std::string> description) {
  auto stmt = connection().prepare(
      "INSERT INTO categories (name, description) VALUES ($1, $2) "
      "ON CONFLICT (name) DO NOTHING RETURNING id");
  stmt.bind(1, chat::fold_case(name)).bind(2, description);
  if (!stmt.step()) return std::nullopt;
  return stmt.int64(0);
}

std::vector<model::Category> PostgresStore::list_categories() {
  auto stmt =
      connection().prepare("SELECT id, name, description, icon FROM categories ORDER BY id");
  std::vector<model::Category> categories;
  while (stmt.step()) {
    categories.push_back(
        {stmt.int64(0), stmt.text(1), stmt.optional_text(2), stmt.optional_text(3)});
  }
  return categories;
}

std::optional<model::Category> PostgresStore::find_category_by_name(std::string_view name) {
  auto stmt =
      connection().prepare("SELECT id, name, description, icon FROM categories WHERE name = $1");
  stmt.bind(1, chat::fold_case(name));
  if (!stmt.step()) return std::nullopt;
  return model::Category{stmt.int64(0), stmt.text(1), stmt.optional_text(2), stmt.optional_text(3)};
}

Id PostgresStore::create_server(const NewServer& server) {
  auto& db = connection();
  WriteScope scope(db);
  auto stmt = db.prepare(
      "INSERT INTO servers (name, description, owner_id, category_id, created_at, visibility) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
  stmt.bind(1, server.name)
      .bind(2, server.description)
      .bind(3, server.owner_id)
      .bind(4, server.category_id)
      .bind(5, util::now_micros())
      .bind(6, server.is_private ? "private" : "public");
  stmt.step();
  Id id = stmt.int64(0);
  add_member(id, server.owner_id);
  scope.commit();
  return id;
}

std::optional<model::Server> PostgresStore::find_server_by_name(std::string_view name) {
  auto stmt = connection().prepare(std::string("SELECT ") + kServerColumns +
                                   " FROM servers s JOIN categories c ON c.id = s.category_id "
                                   "WHERE s.name = $1 ORDER BY s.id LIMIT 1");
  stmt.bind(1, name);
  if (!stmt.step()) return std::nullopt;
  return read_server_row(stmt);
}

Id PostgresStore::create_channel(const NewChannel& channel) {
  auto stmt = connection().prepare(
      "INSERT INTO channels (server_id, owner_id, name, topic, position) "
      "VALUES ($1, $2, $3, $4, "
      "(SELECT COALESCE(MAX(position) + 1, 0) FROM channels WHERE server_id = $1)) "
      "RETURNING id");
  stmt.bind(1, channel.server_id)
      .bind(2, channel.owner_id)
      .bind(3, channel.name)
      .bind(4, channel.topic);
  stmt.step();
  return stmt.int64(0);
}

std::optional<model::Channel> PostgresStore::find_channel(Id channel_id) {
  auto stmt = connection().prepare("SELECT " + std::string(kChannelColumns) +
                                   " FROM channels WHERE id = $1");
  stmt.bind(1, channel_id);
  if (!stmt.step()) return std::nullopt;
  return read_channel_row(stmt);
}

std::optional<model::Channel> PostgresStore::find_channel_by_name(Id server_id,
                                                                  std::string_view name) {
  auto stmt = connection().prepare("SELECT " + std::string(kChannelColumns) +
                                   " FROM channels "
                                   "WHERE server_id = $1 AND name = $2 ORDER BY id LIMIT 1");
  stmt.bind(1, server_id).bind(2, name);
  if (!stmt.step()) return std::nullopt;
  return read_channel_row(stmt);
}

bool PostgresStore::add_member(Id server_id, Id account_id) {
  auto stmt = connection().prepare(
      "INSERT INTO memberships (server_id, account_id, joined_at) VALUES ($1, $2, $3) "
      "ON CONFLICT DO NOTHING");
  stmt.bind(1, server_id).bind(2, account_id).bind(3, util::now_micros()).run();
  return stmt.changes() > 0;
}

bool PostgresStore::is_member(Id server_id, Id account_id) {
  auto stmt =
      connection().prepare("SELECT 1 FROM memberships WHERE server_id = $1 AND account_id = $2");
  stmt.bind(1, server_id).bind(2, account_id);
  return stmt.step();
}

}  // namespace store::postgres

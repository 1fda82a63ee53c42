// CommunityStore on PostgreSQL, the management side: editing and deleting categories,
// servers and channels, media paths, leaving a server.
#include <algorithm>

#include "chat/username.hpp"
#include "store/postgres/postgres_store.hpp"

namespace store::postgres {
namespace {

model::Category read_category(Statement& stmt) {
  return {stmt.int64(0), stmt.text(1), stmt.optional_text(2), stmt.optional_text(3)};
}

}  // namespace

std::optional<model::Category> PostgresStore::find_category(Id category_id) {
  auto stmt =
      connection().prepare("SELECT id, name, description, icon FROM categories WHERE id = $1");
  stmt.bind(1, category_id);
  if (!stmt.step()) return std::nullopt;
  return read_category(stmt);
}

CategoryChange PostgresStore::update_category(
    Id category_id, std::optional<std::string> name,
    std::optional<std::optional<std::string>> description) {
  auto& db = connection();
  WriteScope scope(db);
  if (!find_category(category_id)) return CategoryChange::not_found;
  if (name) {
    // The scope is a savepoint when nested: the violation aborts only it.
    try {
      db.prepare("UPDATE categories SET name = $1 WHERE id = $2")
          .bind(1, chat::fold_case(*name))
          .bind(2, category_id)
          .run();
    } catch (const Error& e) {
      if (e.is_unique_violation()) return CategoryChange::name_taken;
      throw;
    }
  }
  if (description) {
    db.prepare("UPDATE categories SET description = $1 WHERE id = $2")
        .bind(1, *description)
        .bind(2, category_id)
        .run();
  }
  scope.commit();
  return CategoryChange::ok;
}

CategoryChange PostgresStore::delete_category(Id category_id) {
  auto& db = connection();
  WriteScope scope(db);
  // FOR UPDATE: a server added to it meanwhile waits, then the foreign key refuses it.
  {
    auto stmt = db.prepare("SELECT 1 FROM categories WHERE id = $1 FOR UPDATE");
    stmt.bind(1, category_id);
    if (!stmt.step()) return CategoryChange::not_found;
  }
  auto used = db.prepare("SELECT 1 FROM servers WHERE category_id = $1 LIMIT 1");
  used.bind(1, category_id);
  if (used.step()) return CategoryChange::in_use;
  db.prepare("DELETE FROM categories WHERE id = $1").bind(1, category_id).run();
  scope.commit();
  return CategoryChange::ok;
}

ImageSwap PostgresStore::replace_category_icon(Id category_id, std::optional<std::string> path) {
  auto& db = connection();
  WriteScope scope(db);
  ImageSwap swap;
  {
    auto stmt = db.prepare("SELECT icon FROM categories WHERE id = $1 FOR UPDATE");
    stmt.bind(1, category_id);
    if (!stmt.step()) return swap;
    swap.found = true;
    swap.previous = stmt.optional_text(0);
  }
  db.prepare("UPDATE categories SET icon = $1 WHERE id = $2")
      .bind(1, path)
      .bind(2, category_id)
      .run();
  scope.commit();
  return swap;
}

bool PostgresStore::update_server(Id server_id, const ServerPatch& patch) {
  // One statement: COALESCE keeps the fields the patch leaves unset ($2 says whether the
  // description is part of the patch, since null is a value it may set).
  auto stmt = connection().prepare(
      "UPDATE servers SET name = COALESCE($1::text, name), "
      "description = CASE WHEN $2::boolean THEN $3::text ELSE description END, "
      "category_id = COALESCE($4::bigint, category_id), "
      "visibility = COALESCE($6::text, visibility) WHERE id = $5");
  stmt.bind(1, patch.name).bind(2, patch.description.has_value());
  stmt.bind(3, patch.description.value_or(std::nullopt));
  if (patch.category_id) {
    stmt.bind(4, *patch.category_id);
  } else {
    stmt.bind_null(4);
  }
  stmt.bind(5, server_id);
  if (patch.is_private) {
    stmt.bind(6, *patch.is_private ? "private" : "public");
  } else {
    stmt.bind_null(6);
  }
  stmt.run();
  return stmt.changes() > 0;
}

bool PostgresStore::delete_server(Id server_id) {
  // Foreign keys cascade: channels, their messages, memberships.
  auto stmt = connection().prepare("DELETE FROM servers WHERE id = $1");
  stmt.bind(1, server_id).run();
  return stmt.changes() > 0;
}

ImageSwap PostgresStore::replace_server_image(Id server_id, ImageSlot slot,
                                              std::optional<std::string> path) {
  auto& db = connection();
  WriteScope scope(db);
  ImageSwap swap;
  bool icon = slot == ImageSlot::icon;
  {
    auto stmt = db.prepare(icon ? "SELECT icon FROM servers WHERE id = $1 FOR UPDATE"
                                : "SELECT banner FROM servers WHERE id = $1 FOR UPDATE");
    stmt.bind(1, server_id);
    if (!stmt.step()) return swap;
    swap.found = true;
    swap.previous = stmt.optional_text(0);
  }
  db.prepare(icon ? "UPDATE servers SET icon = $1 WHERE id = $2"
                  : "UPDATE servers SET banner = $1 WHERE id = $2")
      .bind(1, path)
      .bind(2, server_id)
      .run();
  scope.commit();
  return swap;
}

bool PostgresStore::update_channel(Id channel_id, const ChannelPatch& patch) {
  auto& db = connection();
  WriteScope scope(db);
  Id server_id = 0;
  {
    auto stmt = db.prepare("SELECT server_id FROM channels WHERE id = $1 FOR UPDATE");
    stmt.bind(1, channel_id);
    if (!stmt.step()) return false;
    server_id = stmt.int64(0);
  }
  if (patch.name || patch.topic) {
    db.prepare(
          "UPDATE channels SET name = COALESCE($1::text, name), "
          "topic = COALESCE($2::text, topic) WHERE id = $3")
        .bind(1, patch.name)
        .bind(2, patch.topic)
        .bind(3, channel_id)
        .run();
  }
  if (patch.position) {
    // Renumber the server's channels 0..n-1 with this one at its new place.
    std::vector<Id> order;
    {
      auto stmt = db.prepare(
          "SELECT id FROM channels WHERE server_id = $1 AND id <> $2 ORDER BY position, id");
      stmt.bind(1, server_id).bind(2, channel_id);
      while (stmt.step()) order.push_back(stmt.int64(0));
    }
    auto at = static_cast<std::size_t>(std::max(0, *patch.position));
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(std::min(at, order.size())),
                 channel_id);
    for (std::size_t i = 0; i < order.size(); ++i) {
      db.prepare("UPDATE channels SET position = $1 WHERE id = $2")
          .bind(1, static_cast<std::int64_t>(i))
          .bind(2, order[i])
          .run();
    }
  }
  scope.commit();
  return true;
}

bool PostgresStore::delete_channel(Id channel_id) {
  auto stmt = connection().prepare("DELETE FROM channels WHERE id = $1");
  stmt.bind(1, channel_id).run();
  return stmt.changes() > 0;
}

bool PostgresStore::remove_member(Id server_id, Id account_id) {
  auto stmt =
      connection().prepare("DELETE FROM memberships WHERE server_id = $1 AND account_id = $2");
  stmt.bind(1, server_id).bind(2, account_id).run();
  return stmt.changes() > 0;
}

}  // namespace store::postgres

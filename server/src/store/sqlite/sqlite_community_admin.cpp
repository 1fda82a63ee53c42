// CommunityStore on SQLite, the management side: editing and deleting categories, servers
// and channels, media paths, leaving a server.
#include <algorithm>

#include "chat/username.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace store::sqlite {
namespace {

model::Category read_category(Statement& stmt) {
  return {stmt.int64(0), stmt.text(1), stmt.optional_text(2), stmt.optional_text(3)};
}

}  // namespace

std::optional<model::Category> SqliteStore::find_category(Id category_id) {
  auto stmt =
      connection().prepare("SELECT id, name, description, icon FROM categories WHERE id = ?");
  stmt.bind(1, category_id);
  if (!stmt.step()) return std::nullopt;
  return read_category(stmt);
}

CategoryChange SqliteStore::update_category(Id category_id, std::optional<std::string> name,
                                            std::optional<std::optional<std::string>> description) {
  auto& db = connection();
  WriteScope scope(db);
  if (!find_category(category_id)) return CategoryChange::not_found;
  if (name) {
    try {
      db.prepare("UPDATE categories SET name = ? WHERE id = ?")
          .bind(1, chat::fold_case(*name))
          .bind(2, category_id)
          .run();
    } catch (const Error& e) {
      if (e.is_unique_violation()) return CategoryChange::name_taken;
      throw;
    }
  }
  if (description) {
    db.prepare("UPDATE categories SET description = ? WHERE id = ?")
        .bind(1, *description)
        .bind(2, category_id)
        .run();
  }
  scope.commit();
  return CategoryChange::ok;
}

CategoryChange SqliteStore::delete_category(Id category_id) {
  auto& db = connection();
  WriteScope scope(db);
  if (!find_category(category_id)) return CategoryChange::not_found;
  auto used = db.prepare("SELECT 1 FROM servers WHERE category_id = ? LIMIT 1");
  used.bind(1, category_id);
  if (used.step()) return CategoryChange::in_use;
  db.prepare("DELETE FROM categories WHERE id = ?").bind(1, category_id).run();
  scope.commit();
  return CategoryChange::ok;
}

ImageSwap SqliteStore::replace_category_icon(Id category_id, std::optional<std::string> path) {
  auto& db = connection();
  WriteScope scope(db);
  ImageSwap swap;
  {
    auto stmt = db.prepare("SELECT icon FROM categories WHERE id = ?");
    stmt.bind(1, category_id);
    if (!stmt.step()) return swap;
    swap.found = true;
    swap.previous = stmt.optional_text(0);
  }
  db.prepare("UPDATE categories SET icon = ? WHERE id = ?")
      .bind(1, path)
      .bind(2, category_id)
      .run();
  scope.commit();
  return swap;
}

bool SqliteStore::update_server(Id server_id, const ServerPatch& patch) {
  auto& db = connection();
  // One statement: COALESCE keeps the fields the patch leaves unset (?2 says whether the
  // description is part of the patch, since null is a value it may set).
  auto stmt = db.prepare(
      "UPDATE servers SET name = COALESCE(?1, name), "
      "description = CASE WHEN ?2 THEN ?3 ELSE description END, "
      "category_id = COALESCE(?4, category_id), visibility = COALESCE(?6, visibility) "
      "WHERE id = ?5");
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
  return db.changes() > 0;
}

bool SqliteStore::delete_server(Id server_id) {
  auto& db = connection();
  // Foreign keys cascade: channels, their messages, memberships.
  db.prepare("DELETE FROM servers WHERE id = ?").bind(1, server_id).run();
  return db.changes() > 0;
}

ImageSwap SqliteStore::replace_server_image(Id server_id, ImageSlot slot,
                                            std::optional<std::string> path) {
  auto& db = connection();
  WriteScope scope(db);
  ImageSwap swap;
  bool icon = slot == ImageSlot::icon;
  {
    auto stmt = db.prepare(icon ? "SELECT icon FROM servers WHERE id = ?"
                                : "SELECT banner FROM servers WHERE id = ?");
    stmt.bind(1, server_id);
    if (!stmt.step()) return swap;
    swap.found = true;
    swap.previous = stmt.optional_text(0);
  }
  db.prepare(icon ? "UPDATE servers SET icon = ? WHERE id = ?"
                  : "UPDATE servers SET banner = ? WHERE id = ?")
      .bind(1, path)
      .bind(2, server_id)
      .run();
  scope.commit();
  return swap;
}

bool SqliteStore::update_channel(Id channel_id, const ChannelPatch& patch) {
  auto& db = connection();
  WriteScope scope(db);
  auto channel = find_channel(channel_id);
  if (!channel) return false;
  if (patch.name || patch.topic) {
    db.prepare(
          "UPDATE channels SET name = COALESCE(?, name), topic = COALESCE(?, topic) "
          "WHERE id = ?")
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
          "SELECT id FROM channels WHERE server_id = ? AND id != ? ORDER BY position, id");
      stmt.bind(1, channel->server_id).bind(2, channel_id);
      while (stmt.step()) order.push_back(stmt.int64(0));
    }
    auto at = static_cast<std::size_t>(std::max(0, *patch.position));
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(std::min(at, order.size())),
                 channel_id);
    for (std::size_t i = 0; i < order.size(); ++i) {
      db.prepare("UPDATE channels SET position = ? WHERE id = ?")
          .bind(1, static_cast<std::int64_t>(i))
          .bind(2, order[i])
          .run();
    }
  }
  scope.commit();
  return true;
}

bool SqliteStore::delete_channel(Id channel_id) {
  auto& db = connection();
  db.prepare("DELETE FROM channels WHERE id = ?").bind(1, channel_id).run();
  return db.changes() > 0;
}

bool SqliteStore::remove_member(Id server_id, Id account_id) {
  auto& db = connection();
  db.prepare("DELETE FROM memberships WHERE server_id = ? AND account_id = ?")
      .bind(1, server_id)
      .bind(2, account_id)
      .run();
  return db.changes() > 0;
}

}  // namespace store::sqlite

// The RoleStore statements, written once for both backends: the SQL is portable, with
// PostgreSQL's $n placeholders (turned into SQLite's ?n). Each backend instantiates
// RoleQueries with its Connection and WriteScope (store/sqlite/sqlite_roles.cpp,
// store/postgres/pg_roles.cpp).
#pragma once
#include <string>
#include <string_view>

#include "store/portable_sql.hpp"
#include "store/role_store.hpp"

namespace store {

template <class Connection, class WriteScope, bool kQuestionMarks>
class RoleQueries : PortableSql<Connection, kQuestionMarks> {
  using Sql = PortableSql<Connection, kQuestionMarks>;
  using Sql::bind_optional;
  using Sql::db_;
  using Sql::prepare;
  using Sql::run_counting;

 public:
  explicit RoleQueries(Connection& db) : Sql(db) {}

  ServerPermissionRows server_permission_rows(model::Id server_id) {
    ServerPermissionRows rows;
    {
      auto stmt =
          prepare("SELECT owner_id, everyone_permissions, visibility FROM servers WHERE id = $1");
      stmt.bind(1, server_id);
      if (!stmt.step()) return rows;
      rows.found = true;
      rows.server_id = server_id;
      rows.owner_id = stmt.int64(0);
      rows.everyone = static_cast<std::uint64_t>(stmt.int64(1));
      rows.is_private = stmt.text(2) == "private";
    }
    rows.roles = roles_only(server_id);
    {
      auto stmt = prepare("SELECT account_id, role_id FROM member_roles WHERE server_id = $1");
      stmt.bind(1, server_id);
      while (stmt.step()) rows.member_roles.emplace_back(stmt.int64(0), stmt.int64(1));
    }
    auto stmt = prepare(
        "SELECT o.channel_id, o.target_id, o.kind, o.allow_bits, o.deny_bits "
        "FROM channel_overwrites o JOIN channels c ON c.id = o.channel_id "
        "WHERE c.server_id = $1");
    stmt.bind(1, server_id);
    while (stmt.step()) rows.overwrites.push_back(overwrite_of(stmt));
    auto banned = prepare("SELECT account_id FROM bans WHERE server_id = $1");
    banned.bind(1, server_id);
    while (banned.step()) rows.banned.push_back(banned.int64(0));
    auto timeouts = prepare("SELECT account_id, until FROM member_timeouts WHERE server_id = $1");
    timeouts.bind(1, server_id);
    while (timeouts.step()) rows.timeouts.emplace_back(timeouts.int64(0), timeouts.int64(1));
    return rows;
  }

  std::vector<Role> roles(model::Id server_id) {
    std::vector<Role> all;
    auto stmt = prepare("SELECT everyone_permissions FROM servers WHERE id = $1");
    stmt.bind(1, server_id);
    if (!stmt.step()) return all;
    Role everyone;
    everyone.id = server_id;
    everyone.server_id = server_id;
    everyone.name = "@everyone";
    everyone.permissions = static_cast<std::uint64_t>(stmt.int64(0));
    all.push_back(everyone);
    for (auto& role : roles_only(server_id)) all.push_back(std::move(role));
    return all;
  }

  Role create_role(model::Id server_id, const RoleFields& fields) {
    WriteScope scope(db_);
    prepare("UPDATE roles SET position = position + 1 WHERE server_id = $1")
        .bind(1, server_id)
        .run();
    auto stmt = prepare(
        "INSERT INTO roles (server_id, name, color, position, permissions, hoist, mentionable) "
        "VALUES ($1, $2, $3, 1, $4, $5, $6) RETURNING id");
    stmt.bind(1, server_id)
        .bind(2, fields.name.value_or("new role"))
        .bind(3, fields.color.value_or(0))
        .bind(4, static_cast<std::int64_t>(fields.permissions.value_or(0)))
        .bind(5, std::int64_t{fields.hoist.value_or(false)})
        .bind(6, std::int64_t{fields.mentionable.value_or(false)});
    Role role;
    while (stmt.step()) role.id = stmt.int64(0);  // to the end: SQLite commits no open statement
    scope.commit();
    role.server_id = server_id;
    role.name = fields.name.value_or("new role");
    role.color = fields.color.value_or(0);
    role.position = 1;
    role.permissions = fields.permissions.value_or(0);
    role.hoist = fields.hoist.value_or(false);
    role.mentionable = fields.mentionable.value_or(false);
    return role;
  }

  std::optional<Role> update_role(model::Id server_id, model::Id role_id,
                                  const RoleFields& fields) {
    WriteScope scope(db_);
    if (role_id == server_id) {
      if (fields.permissions) {
        prepare("UPDATE servers SET everyone_permissions = $2 WHERE id = $1")
            .bind(1, server_id)
            .bind(2, static_cast<std::int64_t>(*fields.permissions))
            .run();
      }
    } else {
      auto stmt = prepare(
          "UPDATE roles SET name = COALESCE($3, name), color = COALESCE($4, color), "
          "permissions = COALESCE($5, permissions), hoist = COALESCE($6, hoist), "
          "mentionable = COALESCE($7, mentionable) WHERE server_id = $1 AND id = $2");
      stmt.bind(1, server_id).bind(2, role_id);
      bind_optional(stmt, 3, fields.name);
      bind_optional(stmt, 4, fields.color);
      bind_optional(stmt, 5, fields.permissions);
      bind_optional(stmt, 6, fields.hoist);
      bind_optional(stmt, 7, fields.mentionable);
      stmt.run();
    }
    auto now = find_role(server_id, role_id);
    scope.commit();
    return now;
  }

  bool delete_role(model::Id server_id, model::Id role_id) {
    WriteScope scope(db_);
    auto gone = find_role(server_id, role_id);
    if (!gone || role_id == server_id) return false;
    prepare("DELETE FROM channel_overwrites WHERE target_id = $1 AND kind = 'role'")
        .bind(1, role_id)
        .run();
    prepare("DELETE FROM roles WHERE id = $1").bind(1, role_id).run();
    prepare("UPDATE roles SET position = position - 1 WHERE server_id = $1 AND position > $2")
        .bind(1, server_id)
        .bind(2, gone->position)
        .run();
    scope.commit();
    return true;
  }

  void set_role_order(model::Id server_id, const std::vector<model::Id>& order) {
    WriteScope scope(db_);
    for (std::size_t i = 0; i < order.size(); ++i) {
      prepare("UPDATE roles SET position = $3 WHERE server_id = $1 AND id = $2")
          .bind(1, server_id)
          .bind(2, order[i])
          .bind(3, static_cast<std::int64_t>(i + 1))
          .run();
    }
    scope.commit();
  }

  bool add_member_role(model::Id server_id, model::Id user_id, model::Id role_id) {
    auto stmt = prepare(
        "INSERT INTO member_roles (server_id, account_id, role_id) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING");
    stmt.bind(1, server_id).bind(2, user_id).bind(3, role_id);
    return run_counting(stmt) > 0;
  }

  bool remove_member_role(model::Id server_id, model::Id user_id, model::Id role_id) {
    auto stmt = prepare(
        "DELETE FROM member_roles WHERE server_id = $1 AND account_id = $2 AND role_id = $3");
    stmt.bind(1, server_id).bind(2, user_id).bind(3, role_id);
    return run_counting(stmt) > 0;
  }

  std::vector<model::Id> member_role_ids(model::Id server_id, model::Id user_id) {
    auto stmt = prepare(
        "SELECT role_id FROM member_roles WHERE server_id = $1 AND account_id = $2 "
        "ORDER BY role_id");
    stmt.bind(1, server_id).bind(2, user_id);
    std::vector<model::Id> ids;
    while (stmt.step()) ids.push_back(stmt.int64(0));
    return ids;
  }

  std::vector<Overwrite> channel_overwrites(model::Id channel_id) {
    auto stmt = prepare(
        "SELECT channel_id, target_id, kind, allow_bits, deny_bits FROM channel_overwrites "
        "WHERE channel_id = $1 ORDER BY target_id");
    stmt.bind(1, channel_id);
    std::vector<Overwrite> all;
    while (stmt.step()) all.push_back(overwrite_of(stmt));
    return all;
  }

  void put_overwrite(const Overwrite& o) {
    prepare(
        "INSERT INTO channel_overwrites (channel_id, target_id, kind, allow_bits, deny_bits) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (channel_id, target_id) DO UPDATE SET "
        "kind = excluded.kind, allow_bits = excluded.allow_bits, deny_bits = excluded.deny_bits")
        .bind(1, o.channel_id)
        .bind(2, o.target_id)
        .bind(3, o.member ? "member" : "role")
        .bind(4, static_cast<std::int64_t>(o.allow))
        .bind(5, static_cast<std::int64_t>(o.deny))
        .run();
  }

  bool delete_overwrite(model::Id channel_id, model::Id target_id) {
    auto stmt = prepare("DELETE FROM channel_overwrites WHERE channel_id = $1 AND target_id = $2");
    stmt.bind(1, channel_id).bind(2, target_id);
    return run_counting(stmt) > 0;
  }

  bool ban(model::Id server_id, model::Id user_id, const std::optional<std::string>& reason) {
    WriteScope scope(db_);
    auto stmt = prepare(
        "INSERT INTO bans (server_id, account_id, reason) VALUES ($1, $2, $3) "
        "ON CONFLICT (server_id, account_id) DO UPDATE SET reason = excluded.reason");
    stmt.bind(1, server_id).bind(2, user_id).bind(3, reason);
    stmt.run();
    auto leave = prepare("DELETE FROM memberships WHERE server_id = $1 AND account_id = $2");
    leave.bind(1, server_id).bind(2, user_id);
    bool was_member = run_counting(leave) > 0;
    scope.commit();
    return was_member;
  }

  bool unban(model::Id server_id, model::Id user_id) {
    auto stmt = prepare("DELETE FROM bans WHERE server_id = $1 AND account_id = $2");
    stmt.bind(1, server_id).bind(2, user_id);
    return run_counting(stmt) > 0;
  }

  bool is_banned(model::Id server_id, model::Id user_id) {
    auto stmt = prepare("SELECT 1 FROM bans WHERE server_id = $1 AND account_id = $2");
    stmt.bind(1, server_id).bind(2, user_id);
    bool found = false;
    while (stmt.step()) found = true;
    return found;
  }

  std::vector<Ban> bans(model::Id server_id) {
    auto stmt = prepare(
        "SELECT b.account_id, a.username, b.reason FROM bans b "
        "JOIN accounts a ON a.id = b.account_id WHERE b.server_id = $1 ORDER BY b.account_id");
    stmt.bind(1, server_id);
    std::vector<Ban> all;
    while (stmt.step()) all.push_back({stmt.int64(0), stmt.text(1), stmt.optional_text(2)});
    return all;
  }

 private:
  template <class Statement>
  static Overwrite overwrite_of(Statement& stmt) {
    Overwrite o;
    o.channel_id = stmt.int64(0);
    o.target_id = stmt.int64(1);
    o.member = stmt.text(2) == "member";
    o.allow = static_cast<std::uint64_t>(stmt.int64(3));
    o.deny = static_cast<std::uint64_t>(stmt.int64(4));
    return o;
  }

  std::vector<Role> roles_only(model::Id server_id) {
    auto stmt = prepare(
        "SELECT id, name, color, position, permissions, hoist, mentionable FROM roles "
        "WHERE server_id = $1 ORDER BY position");
    stmt.bind(1, server_id);
    std::vector<Role> all;
    while (stmt.step()) {
      Role role;
      role.id = stmt.int64(0);
      role.server_id = server_id;
      role.name = stmt.text(1);
      role.color = stmt.int64(2);
      role.position = static_cast<int>(stmt.int64(3));
      role.permissions = static_cast<std::uint64_t>(stmt.int64(4));
      role.hoist = stmt.int64(5) != 0;
      role.mentionable = stmt.int64(6) != 0;
      all.push_back(std::move(role));
    }
    return all;
  }

  std::optional<Role> find_role(model::Id server_id, model::Id role_id) {
    for (auto& role : roles(server_id))
      if (role.id == role_id) return role;
    return std::nullopt;
  }
};

}  // namespace store

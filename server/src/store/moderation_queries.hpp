// The ModerationStore statements, written once for both backends (store/portable_sql.hpp), and
// the audit row of a moderator's message delete, which the backends' event writers add in the
// transaction of the delete.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "store/moderation_store.hpp"
#include "store/portable_sql.hpp"

namespace store {

template <class Connection, class WriteScope, bool kQuestionMarks>
class ModerationQueries : PortableSql<Connection, kQuestionMarks> {
  using Sql = PortableSql<Connection, kQuestionMarks>;
  using Sql::bind_optional;
  using Sql::db_;
  using Sql::prepare;

 public:
  explicit ModerationQueries(Connection& db) : Sql(db) {}

  bool set_timeout(model::Id server_id, model::Id user_id, std::optional<std::int64_t> until,
                   std::int64_t now) {
    WriteScope scope(db_);
    auto member = prepare("SELECT 1 FROM memberships WHERE server_id = $1 AND account_id = $2");
    member.bind(1, server_id).bind(2, user_id);
    bool found = false;
    while (member.step()) found = true;
    if (!found) return false;
    prepare("DELETE FROM member_timeouts WHERE server_id = $1 AND (account_id = $2 OR until <= $3)")
        .bind(1, server_id)
        .bind(2, user_id)
        .bind(3, now)
        .run();
    if (until && *until > now) {
      prepare("INSERT INTO member_timeouts (server_id, account_id, until) VALUES ($1, $2, $3)")
          .bind(1, server_id)
          .bind(2, user_id)
          .bind(3, *until)
          .run();
    }
    scope.commit();
    return true;
  }

  std::optional<std::int64_t> timeout_until(model::Id server_id, model::Id user_id,
                                            std::int64_t now) {
    auto stmt = prepare(
        "SELECT until FROM member_timeouts WHERE server_id = $1 AND account_id = $2 AND until > "
        "$3");
    stmt.bind(1, server_id).bind(2, user_id).bind(3, now);
    std::optional<std::int64_t> until;
    while (stmt.step()) until = stmt.int64(0);
    return until;
  }

  model::Id record_audit(const AuditEntry& entry) {
    auto stmt = prepare(
        "INSERT INTO audit_log (server_id, action, actor_id, target_id, reason, changes, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
    stmt.bind(1, entry.server_id).bind(2, entry.action);
    bind_optional(stmt, 3, entry.actor_id);
    bind_optional(stmt, 4, entry.target_id);
    bind_optional(stmt, 5, entry.reason);
    bind_optional(stmt, 6, entry.changes);
    stmt.bind(7, entry.created_at);
    model::Id id = 0;
    while (stmt.step()) id = stmt.int64(0);  // to the end: SQLite commits no open statement
    return id;
  }

  // message.delete: target the author, changes {"channel_id", "message_id"}; nothing for a
  // channel outside any server (a DM).
  void record_message_delete(model::Id channel_id, model::Id message_id, model::Id actor_id,
                             model::Id author_id, const std::optional<std::string>& reason,
                             std::int64_t now) {
    auto changes = "{\"channel_id\":" + std::to_string(channel_id) +
                   ",\"message_id\":" + std::to_string(message_id) + "}";
    auto stmt = prepare(
        "INSERT INTO audit_log (server_id, action, actor_id, target_id, reason, changes, "
        "created_at) SELECT server_id, 'message.delete', $1, $2, $3, $4, $5 FROM channels "
        "WHERE id = $6 AND server_id IS NOT NULL");
    stmt.bind(1, actor_id).bind(2, author_id);
    bind_optional(stmt, 3, reason);
    stmt.bind(4, changes).bind(5, now).bind(6, channel_id);
    stmt.run();
  }

  std::vector<AuditEntry> audit_log(model::Id server_id, std::optional<model::Id> before,
                                    int limit) {
    auto stmt = prepare(
        "SELECT id, action, actor_id, target_id, reason, changes, created_at FROM audit_log "
        "WHERE server_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3");
    stmt.bind(1, server_id)
        .bind(2, before.value_or(INT64_MAX))
        .bind(3, static_cast<std::int64_t>(limit));
    std::vector<AuditEntry> page;
    while (stmt.step()) {
      AuditEntry entry;
      entry.id = stmt.int64(0);
      entry.server_id = server_id;
      entry.action = stmt.text(1);
      if (!stmt.is_null(2)) entry.actor_id = stmt.int64(2);
      if (!stmt.is_null(3)) entry.target_id = stmt.int64(3);
      entry.reason = stmt.optional_text(4);
      entry.changes = stmt.optional_text(5);
      entry.created_at = stmt.int64(6);
      page.push_back(std::move(entry));
    }
    return page;
  }

  std::vector<AuthoredMessage> messages_since(model::Id server_id, model::Id author_id,
                                              std::int64_t since, int limit) {
    auto stmt = prepare(
        "SELECT m.channel_id, m.id FROM messages m JOIN channels c ON c.id = m.channel_id "
        "WHERE c.server_id = $1 AND m.sender_id = $2 AND m.created_at >= $3 AND NOT m.deleted "
        "ORDER BY m.id DESC LIMIT $4");
    stmt.bind(1, server_id)
        .bind(2, author_id)
        .bind(3, since)
        .bind(4, static_cast<std::int64_t>(limit));
    std::vector<AuthoredMessage> found;
    while (stmt.step()) found.push_back({stmt.int64(0), stmt.int64(1)});
    return found;
  }
};

}  // namespace store

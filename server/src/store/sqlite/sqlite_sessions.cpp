// Login sessions on SQLite (AccountStore's session part).
#include "store/sqlite/sqlite_store.hpp"

namespace store::sqlite {

Id SqliteStore::create_session(Id account_id, std::string_view refresh_jti,
                               model::Micros created_at, model::Micros expires_at) {
  auto& db = connection();
  db.prepare(
        "INSERT INTO login_sessions (account_id, created_at, expires_at, refresh_jti) "
        "VALUES (?, ?, ?, ?)")
      .bind(1, account_id)
      .bind(2, created_at)
      .bind(3, expires_at)
      .bind(4, refresh_jti)
      .run();
  return db.last_insert_id();
}

std::optional<LoginSession> SqliteStore::find_session(Id session_id) {
  auto stmt = connection().prepare(
      "SELECT id, account_id, created_at, expires_at, refresh_jti, previous_jti, rotated_at, "
      "revoked_at FROM login_sessions WHERE id = ?");
  stmt.bind(1, session_id);
  if (!stmt.step()) return std::nullopt;
  LoginSession session;
  session.id = stmt.int64(0);
  session.account_id = stmt.int64(1);
  session.created_at = stmt.int64(2);
  session.expires_at = stmt.int64(3);
  session.refresh_jti = stmt.text(4);
  session.previous_jti = stmt.optional_text(5);
  if (!stmt.is_null(6)) session.rotated_at = stmt.int64(6);
  if (!stmt.is_null(7)) session.revoked_at = stmt.int64(7);
  return session;
}

bool SqliteStore::rotate_session(Id session_id, std::string_view current_jti,
                                 std::string_view new_jti, model::Micros now,
                                 model::Micros expires_at) {
  auto& db = connection();
  db.prepare(
        "UPDATE login_sessions SET previous_jti = refresh_jti, refresh_jti = ?, rotated_at = ?, "
        "expires_at = ? WHERE id = ? AND refresh_jti = ? AND revoked_at IS NULL")
      .bind(1, new_jti)
      .bind(2, now)
      .bind(3, expires_at)
      .bind(4, session_id)
      .bind(5, current_jti)
      .run();
  return db.changes() == 1;
}

bool SqliteStore::revoke_session(Id session_id, model::Micros now) {
  auto& db = connection();
  db.prepare("UPDATE login_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
      .bind(1, now)
      .bind(2, session_id)
      .run();
  return db.changes() == 1;
}

std::vector<Id> SqliteStore::sessions_revoked_since(model::Micros since) {
  auto stmt = connection().prepare("SELECT id FROM login_sessions WHERE revoked_at >= ?");
  stmt.bind(1, since);
  std::vector<Id> ids;
  while (stmt.step()) ids.push_back(stmt.int64(0));
  return ids;
}

int SqliteStore::delete_sessions_expired_before(model::Micros before) {
  auto& db = connection();
  db.prepare("DELETE FROM login_sessions WHERE expires_at < ?").bind(1, before).run();
  return db.changes();
}

}  // namespace store::sqlite

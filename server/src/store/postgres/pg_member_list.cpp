// MemberListStore on PostgreSQL: chosen statuses and the member list (SPEC §11).
#include "store/postgres/postgres_store.hpp"

namespace store::postgres {

model::PresenceStatus PostgresStore::chosen_status(Id account_id) {
  auto stmt = connection().prepare("SELECT status FROM presence_choices WHERE account_id = $1");
  stmt.bind(1, account_id);
  if (!stmt.step()) return model::PresenceStatus::online;
  return model::chosen_status_named(stmt.text(0)).value_or(model::PresenceStatus::online);
}

void PostgresStore::set_chosen_status(Id account_id, model::PresenceStatus status) {
  connection()
      .prepare(
          "INSERT INTO presence_choices (account_id, status) VALUES ($1, $2) "
          "ON CONFLICT (account_id) DO UPDATE SET status = EXCLUDED.status")
      .bind(1, account_id)
      .bind(2, model::status_name(status))
      .run();
}

std::vector<Id> PostgresStore::server_ids_of(Id account_id) {
  auto stmt = connection().prepare(
      "SELECT server_id FROM memberships WHERE account_id = $1 ORDER BY server_id");
  stmt.bind(1, account_id);
  std::vector<Id> ids;
  while (stmt.step()) ids.push_back(stmt.int64(0));
  return ids;
}

bool PostgresStore::server_exists(Id server_id) {
  auto stmt = connection().prepare("SELECT 1 FROM servers WHERE id = $1");
  stmt.bind(1, server_id);
  return stmt.step();
}

std::vector<model::Member> PostgresStore::members_page(Id server_id, Id after, int limit) {
  auto stmt = connection().prepare(
      "SELECT mb.account_id, a.username, mb.joined_at FROM memberships mb "
      "JOIN accounts a ON a.id = mb.account_id "
      "WHERE mb.server_id = $1 AND mb.account_id > $2 ORDER BY mb.account_id LIMIT $3");
  stmt.bind(1, server_id).bind(2, after).bind(3, limit);
  std::vector<model::Member> members;
  while (stmt.step()) members.push_back({stmt.int64(0), stmt.text(1), stmt.int64(2)});
  return members;
}

}  // namespace store::postgres

// ReadStateStore on PostgreSQL, the same statements as SQLite's (sqlite_read_states.cpp): an
// ack is one look-up, at most one upsert and at most one bounded count.
#include <algorithm>

#include "store/postgres/postgres_store.hpp"

namespace store::postgres {
namespace {

// $1 user, $2 channel, $3 last_read_id: see store/sqlite/read_state_queries.hpp.
constexpr const char* kMentionCount =
    "SELECT count(*) FROM ("
    "SELECT id FROM (SELECT mm.message_id AS id, m.sender_id AS sender FROM message_mentions mm "
    "JOIN messages m ON m.id = mm.message_id "
    "WHERE mm.user_id = $1 AND mm.channel_id = $2 AND mm.message_id > $3 "
    "ORDER BY mm.message_id LIMIT 200) mine WHERE sender <> $1 "
    "UNION "
    "SELECT id FROM (SELECT id, sender_id AS sender FROM messages "
    "WHERE channel_id = $2 AND id > $3 AND mention_everyone "
    "ORDER BY id LIMIT 200) everyone WHERE sender <> $1) counted";

constexpr const char* kAckLookup =
    "SELECT c.last_everyone_id, r.last_read_id, r.last_mention_id, "
    "EXISTS (SELECT 1 FROM messages m WHERE m.id = $3 AND m.channel_id = c.id) "
    "FROM channels c LEFT JOIN read_states r ON r.user_id = $1 AND r.channel_id = c.id "
    "WHERE c.id = $2";

constexpr const char* kAckWrite =
    "INSERT INTO read_states (user_id, channel_id, last_read_id) VALUES ($1, $2, $3) "
    "ON CONFLICT (user_id, channel_id) DO UPDATE SET last_read_id = CASE WHEN $4::boolean "
    "THEN EXCLUDED.last_read_id "
    "ELSE GREATEST(read_states.last_read_id, EXCLUDED.last_read_id) END "
    "RETURNING last_read_id, last_mention_id";

constexpr const char* kList =
    "SELECT r.channel_id, r.last_read_id, "
    "r.last_mention_id > r.last_read_id OR c.last_everyone_id > r.last_read_id "
    "FROM read_states r JOIN channels c ON c.id = r.channel_id WHERE r.user_id = $1 "
    "UNION ALL "
    "SELECT c.id, 0, true FROM memberships mb JOIN channels c ON c.server_id = mb.server_id "
    "WHERE mb.account_id = $1 AND c.last_everyone_id > 0 AND NOT EXISTS "
    "(SELECT 1 FROM read_states r WHERE r.user_id = $1 AND r.channel_id = c.id) "
    "ORDER BY 1";

int mention_count(Connection& db, Id user_id, Id channel_id, Id last_read_id) {
  auto stmt = db.prepare(kMentionCount);
  stmt.bind(1, user_id).bind(2, channel_id).bind(3, last_read_id);
  stmt.step();
  return static_cast<int>(std::min<std::int64_t>(stmt.int64(0), kMaxMentionCount));
}

}  // namespace

void PostgresStore::ack_batch(const std::function<void()>& work) {
  auto& db = connection();
  WriteScope scope(db);
  // Only this transaction's commit skips waiting for the WAL flush (SQLite's relaxed sync).
  db.exec("SET LOCAL synchronous_commit TO OFF");
  work();
  scope.commit();
}

AckResult PostgresStore::ack(Id user_id, Id channel_id, Id message_id, bool manual) {
  auto& db = connection();
  AckResult result;
  Id everyone_hint = 0;
  Id previous = 0;
  {
    auto stmt = db.prepare(kAckLookup);
    stmt.bind(1, user_id).bind(2, channel_id).bind(3, message_id);
    if (!stmt.step()) return result;
    if (!stmt.boolean(3)) {
      result.status = AckStatus::no_message;
      return result;
    }
    everyone_hint = stmt.int64(0);
    bool has_state = !stmt.is_null(1);
    previous = has_state ? stmt.int64(1) : 0;
    Id mention_hint = has_state ? stmt.int64(2) : 0;
    if (has_state && (manual ? previous == message_id : previous >= message_id)) {
      result.status = AckStatus::unchanged;
      result.state = {channel_id, previous, 0};
      if (mention_hint > previous || everyone_hint > previous) {
        result.state.mention_count = mention_count(db, user_id, channel_id, previous);
      }
      return result;
    }
  }
  Id mention_hint = 0;
  {
    auto stmt = db.prepare(kAckWrite);
    stmt.bind(1, user_id).bind(2, channel_id).bind(3, message_id).bind(4, manual);
    stmt.step();
    result.state = {channel_id, stmt.int64(0), 0};
    mention_hint = stmt.int64(1);
  }
  Id mark = result.state.last_read_id;
  result.status = mark == previous ? AckStatus::unchanged : AckStatus::moved;
  if (mention_hint > mark || everyone_hint > mark) {
    result.state.mention_count = mention_count(db, user_id, channel_id, mark);
  }
  return result;
}

std::vector<model::ReadState> PostgresStore::read_states(Id user_id) {
  auto& db = connection();
  std::vector<model::ReadState> states;
  std::vector<std::size_t> pending;
  {
    auto stmt = db.prepare(kList);
    stmt.bind(1, user_id);
    while (stmt.step()) {
      if (stmt.boolean(2)) pending.push_back(states.size());
      states.push_back({stmt.int64(0), stmt.int64(1), 0});
    }
  }
  for (auto i : pending) {
    auto& state = states[i];
    state.mention_count = mention_count(db, user_id, state.channel_id, state.last_read_id);
  }
  return states;
}

}  // namespace store::postgres

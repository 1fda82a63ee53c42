// ReadStateStore on SQLite (SPEC §8): an ack is one look-up, at most one upsert (between two
// PRAGMAs) and at most one bounded count; a listing is one query plus a bounded count per channel
// where mentions may be pending.
#include <algorithm>

#include "store/sqlite/read_state_queries.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace store::sqlite {
namespace {

int mention_count(Connection& db, Id user_id, Id channel_id, Id last_read_id) {
  auto stmt = db.prepare(read_state_sql::kMentionCount);
  stmt.bind(1, user_id).bind(2, channel_id).bind(3, last_read_id);
  stmt.step();
  return static_cast<int>(std::min<std::int64_t>(stmt.int64(0), kMaxMentionCount));
}

// A read mark is committed without waiting for the disk (synchronous=NORMAL for this one
// statement, on this connection): acks come often and from every reader, an fsync each would
// make them the database's main cost and hold the write lock long. WAL keeps it atomic and
// crash-safe for the process; a power cut may lose the last acks (the next message commit's
// fsync covers them too), never a message.
class RelaxedSync {
 public:
  // Inside a caller's transaction the setting is the transaction's business: left alone.
  explicit RelaxedSync(Connection& db) : db_(db), active_(!db.in_transaction()) {
    if (active_) db_.prepare("PRAGMA synchronous=NORMAL").run();
  }
  ~RelaxedSync() {
    if (active_) db_.prepare("PRAGMA synchronous=FULL").run();
  }

 private:
  Connection& db_;
  bool active_;
};

}  // namespace

void SqliteStore::ack_batch(const std::function<void()>& work) {
  auto& db = connection();
  RelaxedSync relaxed(db);  // before BEGIN: the setting is the connection's, not a transaction's
  WriteScope scope(db);
  work();
  scope.commit();
}

AckResult SqliteStore::ack(Id user_id, Id channel_id, Id message_id, bool manual) {
  auto& db = connection();
  AckResult result;
  Id everyone_hint = 0;
  Id previous = 0;
  {
    auto stmt = db.prepare(read_state_sql::kAckLookup);
    stmt.bind(1, user_id).bind(2, channel_id).bind(3, message_id);
    if (!stmt.step()) return result;
    if (stmt.int64(3) == 0) {
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
    RelaxedSync relaxed(db);
    auto stmt = db.prepare(read_state_sql::kAckWrite);
    stmt.bind(1, user_id).bind(2, channel_id).bind(3, message_id).bind(4, manual);
    stmt.step();
    result.state = {channel_id, stmt.int64(0), 0};
    mention_hint = stmt.int64(1);
    while (stmt.step()) {
    }
  }
  Id mark = result.state.last_read_id;
  result.status = mark == previous ? AckStatus::unchanged : AckStatus::moved;
  if (mention_hint > mark || everyone_hint > mark) {
    result.state.mention_count = mention_count(db, user_id, channel_id, mark);
  }
  return result;
}

std::vector<model::ReadState> SqliteStore::read_states(Id user_id) {
  auto& db = connection();
  std::vector<model::ReadState> states;
  std::vector<std::size_t> pending;
  {
    auto stmt = db.prepare(read_state_sql::kList);
    stmt.bind(1, user_id);
    while (stmt.step()) {
      if (stmt.int64(2) != 0) pending.push_back(states.size());
      states.push_back({stmt.int64(0), stmt.int64(1), 0});
    }
  }
  for (auto i : pending) {
    auto& state = states[i];
    state.mention_count = mention_count(db, user_id, state.channel_id, state.last_read_id);
  }
  return states;
}

}  // namespace store::sqlite

// DirectMessageStore on PostgreSQL (SPEC §9): DM channels are rows of `channels` without a
// server, described by dm_channels and dm_recipients.
#include <algorithm>
#include <unordered_map>

#include "store/postgres/postgres_store.hpp"
#include "util/time.hpp"

namespace store::postgres {
namespace {

constexpr const char* kDmColumns =
    "d.channel_id, d.kind, d.name, d.owner_id, c.last_message_id, c.last_seq";

model::DirectChannel read_dm_row(const Statement& row) {
  model::DirectChannel dm;
  dm.id = row.int64(0);
  dm.kind = row.int64(1) == 2 ? model::DmKind::group : model::DmKind::dm;
  dm.name = row.optional_text(2);
  dm.owner_id = row.int64(3);
  dm.last_message_id = row.int64(4);
  dm.last_seq = row.int64(5);
  return dm;
}

std::string pair_key(Id a, Id b) {
  return std::to_string(std::min(a, b)) + ":" + std::to_string(std::max(a, b));
}

Id insert_dm_channel(Connection& db, Id creator, model::DmKind kind,
                     const std::optional<std::string>& name,
                     const std::optional<std::string>& key) {
  Id id = 0;
  {
    auto stmt = db.prepare(
        "INSERT INTO channels (server_id, owner_id, name) VALUES (NULL, $1, '') "
        "RETURNING id");
    stmt.bind(1, creator);
    stmt.step();
    id = stmt.int64(0);
  }
  auto insert = db.prepare(
      "INSERT INTO dm_channels (channel_id, kind, name, owner_id, dm_key) "
      "VALUES ($1, $2, $3, $4, $5)");
  insert.bind(1, id).bind(2, static_cast<int>(kind)).bind(3, name);
  if (kind == model::DmKind::group) {
    insert.bind(4, creator);
  } else {
    insert.bind_null(4);
  }
  insert.bind(5, key).run();
  return id;
}

// true when inserted (false: already a recipient).
bool insert_recipient(Connection& db, Id channel_id, Id user_id, model::Micros now) {
  auto stmt = db.prepare(
      "INSERT INTO dm_recipients (channel_id, user_id, joined_at) VALUES ($1, $2, $3) "
      "ON CONFLICT DO NOTHING");
  stmt.bind(1, channel_id).bind(2, user_id).bind(3, now).run();
  return stmt.changes() > 0;
}

}  // namespace

OpenedDm PostgresStore::open_direct_channel(Id caller, Id other) {
  auto& db = connection();
  auto key = pair_key(caller, other);
  OpenedDm opened;
  {
    WriteScope scope(db);
    // Two openers of one pair take turns (the lock is the transaction's).
    db.prepare("SELECT pg_advisory_xact_lock(hashtextextended($1, 7305283914))").bind(1, key).run();
    std::optional<Id> existing;
    {
      auto stmt = db.prepare("SELECT channel_id FROM dm_channels WHERE dm_key = $1");
      stmt.bind(1, key);
      if (stmt.step()) existing = stmt.int64(0);
    }
    Id id = 0;
    if (existing) {
      id = *existing;
    } else {
      id = insert_dm_channel(db, caller, model::DmKind::dm, std::nullopt, key);
      auto now = util::now_micros();
      insert_recipient(db, id, caller, now);
      insert_recipient(db, id, other, now);
      opened.created = true;
    }
    scope.commit();
    opened.channel = *find_direct_channel(id);
  }
  return opened;
}

model::DirectChannel PostgresStore::create_group(Id owner, const std::vector<Id>& others,
                                                 std::optional<std::string> name) {
  auto& db = connection();
  Id id = 0;
  {
    WriteScope scope(db);
    id = insert_dm_channel(db, owner, model::DmKind::group, name, std::nullopt);
    auto now = util::now_micros();
    insert_recipient(db, id, owner, now);
    for (auto other : others) insert_recipient(db, id, other, now);
    scope.commit();
  }
  return *find_direct_channel(id);
}

std::optional<model::DirectChannel> PostgresStore::find_direct_channel(Id channel_id) {
  auto& db = connection();
  model::DirectChannel dm;
  {
    auto stmt = db.prepare(std::string("SELECT ") + kDmColumns +
                           " FROM dm_channels d JOIN channels c ON c.id = d.channel_id "
                           "WHERE d.channel_id = $1");
    stmt.bind(1, channel_id);
    if (!stmt.step()) return std::nullopt;
    dm = read_dm_row(stmt);
  }
  auto stmt = db.prepare(
      "SELECT a.id, a.username FROM dm_recipients r JOIN accounts a ON a.id = r.user_id "
      "WHERE r.channel_id = $1 ORDER BY a.id");
  stmt.bind(1, channel_id);
  while (stmt.step()) dm.recipients.push_back({stmt.int64(0), stmt.text(1)});
  return dm;
}

std::vector<model::DirectChannel> PostgresStore::direct_channels(Id user_id) {
  auto& db = connection();
  std::vector<model::DirectChannel> dms;
  std::unordered_map<Id, std::size_t> index;
  {
    auto stmt =
        db.prepare(std::string("SELECT ") + kDmColumns +
                   " FROM dm_recipients me JOIN dm_channels d ON d.channel_id = "
                   "me.channel_id JOIN channels c ON c.id = d.channel_id "
                   "WHERE me.user_id = $1 ORDER BY c.last_message_id DESC, d.channel_id DESC");
    stmt.bind(1, user_id);
    while (stmt.step()) {
      index.emplace(stmt.int64(0), dms.size());
      dms.push_back(read_dm_row(stmt));
    }
  }
  auto stmt = db.prepare(
      "SELECT r.channel_id, a.id, a.username FROM dm_recipients me "
      "JOIN dm_recipients r ON r.channel_id = me.channel_id JOIN accounts a ON a.id = r.user_id "
      "WHERE me.user_id = $1 ORDER BY r.channel_id, a.id");
  stmt.bind(1, user_id);
  while (stmt.step()) {
    auto it = index.find(stmt.int64(0));
    if (it != index.end()) dms[it->second].recipients.push_back({stmt.int64(1), stmt.text(2)});
  }
  return dms;
}

bool PostgresStore::rename_group(Id channel_id, std::optional<std::string> name) {
  auto stmt =
      connection().prepare("UPDATE dm_channels SET name = $1 WHERE channel_id = $2 AND kind = 2");
  stmt.bind(1, name).bind(2, channel_id).run();
  return stmt.changes() > 0;
}

bool PostgresStore::add_recipient(Id channel_id, Id user_id) {
  return insert_recipient(connection(), channel_id, user_id, util::now_micros());
}

bool PostgresStore::remove_recipient(Id channel_id, Id user_id) {
  auto& db = connection();
  WriteScope scope(db);
  {
    auto stmt = db.prepare("DELETE FROM dm_recipients WHERE channel_id = $1 AND user_id = $2");
    stmt.bind(1, channel_id).bind(2, user_id).run();
    if (stmt.changes() == 0) return false;
  }
  db.prepare(
        "UPDATE dm_channels SET owner_id = (SELECT user_id FROM dm_recipients "
        "WHERE channel_id = $1 ORDER BY joined_at, user_id LIMIT 1) "
        "WHERE channel_id = $1 AND owner_id = $2")
      .bind(1, channel_id)
      .bind(2, user_id)
      .run();
  scope.commit();
  return true;
}

std::vector<DmReach> PostgresStore::dm_reach(Id from, const std::vector<Id>& targets) {
  auto& db = connection();
  std::vector<DmReach> out;
  for (auto target : targets) {
    DmReach reach;
    reach.user_id = target;
    auto stmt = db.prepare(
        "SELECT a.username, a.is_active, a.dm_policy, "
        "EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = a.id AND b.blocked_id = $1), "
        "EXISTS (SELECT 1 FROM memberships m JOIN memberships mine "
        "  ON mine.server_id = m.server_id AND mine.account_id = $1 WHERE m.account_id = a.id), "
        "(SELECT d.channel_id FROM dm_channels d WHERE d.dm_key = $3) "
        "FROM accounts a WHERE a.id = $2");
    stmt.bind(1, from).bind(2, target).bind(3, pair_key(from, target));
    if (stmt.step() && stmt.boolean(1)) {
      reach.exists = true;
      reach.username = stmt.text(0);
      reach.policy = static_cast<model::DmPolicy>(stmt.int64(2));
      reach.blocks_caller = stmt.boolean(3);
      reach.shares_server = stmt.boolean(4);
      reach.existing_dm = stmt.int64(5);
    }
    out.push_back(std::move(reach));
  }
  return out;
}

model::DmPolicy PostgresStore::dm_policy(Id user_id) {
  auto stmt = connection().prepare("SELECT dm_policy FROM accounts WHERE id = $1");
  stmt.bind(1, user_id);
  if (!stmt.step()) return model::DmPolicy::shared_servers;
  return static_cast<model::DmPolicy>(stmt.int64(0));
}

void PostgresStore::set_dm_policy(Id user_id, model::DmPolicy policy) {
  connection()
      .prepare("UPDATE accounts SET dm_policy = $1 WHERE id = $2")
      .bind(1, static_cast<int>(policy))
      .bind(2, user_id)
      .run();
}

bool PostgresStore::block_user(Id blocker, Id blocked) {
  auto stmt = connection().prepare(
      "INSERT INTO user_blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) "
      "ON CONFLICT DO NOTHING");
  stmt.bind(1, blocker).bind(2, blocked).bind(3, util::now_micros()).run();
  return stmt.changes() > 0;
}

bool PostgresStore::unblock_user(Id blocker, Id blocked) {
  auto stmt =
      connection().prepare("DELETE FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2");
  stmt.bind(1, blocker).bind(2, blocked).run();
  return stmt.changes() > 0;
}

std::vector<model::UserRef> PostgresStore::blocked_users(Id blocker, int limit) {
  auto stmt = connection().prepare(
      "SELECT a.id, a.username FROM user_blocks b JOIN accounts a ON a.id = b.blocked_id "
      "WHERE b.blocker_id = $1 ORDER BY b.blocked_id LIMIT $2");
  stmt.bind(1, blocker).bind(2, std::max(0, limit));
  std::vector<model::UserRef> out;
  while (stmt.step()) out.push_back({stmt.int64(0), stmt.text(1)});
  return out;
}

std::vector<model::UserRef> PostgresStore::search_users(Id caller, std::string_view key_prefix,
                                                        int limit) {
  // Bytewise order ("C"), as SQLite's, whatever the database's collation.
  auto stmt = connection().prepare(
      "SELECT a.id, a.username FROM accounts a "
      "WHERE starts_with(a.username_key, $1) AND a.is_active AND a.id <> $2 "
      "AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = a.id "
      "  AND b.blocked_id = $2) "
      "ORDER BY a.username_key COLLATE \"C\" LIMIT $3");
  stmt.bind(1, key_prefix).bind(2, caller).bind(3, std::max(0, limit));
  std::vector<model::UserRef> out;
  while (stmt.step()) out.push_back({stmt.int64(0), stmt.text(1)});
  return out;
}

}  // namespace store::postgres

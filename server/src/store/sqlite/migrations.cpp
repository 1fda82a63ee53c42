#include "store/sqlite/migrations.hpp"

#include <array>
#include <string>

namespace store::sqlite {
namespace {

// Direct messages (SPEC §9). Number 4 once reads' migration 3 lands (it sits at index 2 of
// kMigrations on this branch). channels.server_id becomes nullable (NULL: a DM channel), which
// SQLite can only do by rebuilding the table; migrate() runs every migration with foreign keys
// off and checks them before committing, as SQLite's ALTER TABLE instructions say.
constexpr const char* kMigration4DirectMessages = R"sql(
CREATE TABLE channels_rebuilt (
  id              INTEGER PRIMARY KEY,
  server_id       INTEGER REFERENCES servers(id) ON DELETE CASCADE,  -- NULL: a DM channel
  owner_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name            TEXT    NOT NULL,
  topic           TEXT    NOT NULL DEFAULT '',
  position        INTEGER NOT NULL DEFAULT 0,
  last_seq        INTEGER NOT NULL DEFAULT 0,
  last_message_id INTEGER NOT NULL DEFAULT 0,
  resumable_after INTEGER NOT NULL DEFAULT 0
);
INSERT INTO channels_rebuilt (id, server_id, owner_id, name, topic, position, last_seq,
                              last_message_id, resumable_after)
  SELECT id, server_id, owner_id, name, topic, position, last_seq, last_message_id,
         resumable_after FROM channels;
DROP TABLE channels;
ALTER TABLE channels_rebuilt RENAME TO channels;
CREATE INDEX channels_by_server ON channels(server_id, position, id);

-- kind 1: a 1:1 (dm_key "lo:hi" makes the pair's channel unique), 2: a group.
CREATE TABLE dm_channels (
  channel_id INTEGER PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
  kind       INTEGER NOT NULL,
  name       TEXT,
  owner_id   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  dm_key     TEXT UNIQUE
);
CREATE TABLE dm_recipients (
  channel_id INTEGER NOT NULL REFERENCES dm_channels(channel_id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  joined_at  INTEGER NOT NULL,
  PRIMARY KEY (channel_id, user_id)
) WITHOUT ROWID;
CREATE INDEX dm_recipients_by_user ON dm_recipients(user_id, channel_id);

CREATE TABLE user_blocks (
  blocker_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  blocked_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id)
) WITHOUT ROWID;
CREATE INDEX user_blocks_by_blocked ON user_blocks(blocked_id, blocker_id);

-- model::DmPolicy: 0 everyone, 1 shared_servers (the default), 2 nobody.
ALTER TABLE accounts ADD COLUMN dm_policy INTEGER NOT NULL DEFAULT 1;
)sql";

// Presence (SPEC §11): the status a user chose, kept across reconnects. A row only for users
// who chose something; no row reads as online. Migration number 5 (3 is read states, 4
// direct messages, on their branches): at index 2 on this branch until 3 and 4 land.
constexpr const char* kMigration5Presence = R"sql(
CREATE TABLE presence_choices (
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  status     TEXT    NOT NULL CHECK (status IN ('online', 'idle', 'dnd', 'invisible'))
);
)sql";

// Index i holds migration number i + 1. Never edit one that has shipped: add a new one.
constexpr std::array<const char*, 4> kMigrations = {
    // 1: the initial schema. Times are microseconds since the Unix epoch (UTC).
    R"sql(
CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  username      TEXT    NOT NULL,
  username_key  TEXT    NOT NULL UNIQUE,  -- case-folded, for case-insensitive uniqueness
  password_hash TEXT    NOT NULL,
  is_staff      INTEGER NOT NULL DEFAULT 0,
  is_active     INTEGER NOT NULL DEFAULT 1,
  date_joined   INTEGER NOT NULL
);

CREATE TABLE login_sessions (
  id             INTEGER PRIMARY KEY,        -- the JWT "sid" claim
  account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at     INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  refresh_jti    TEXT    NOT NULL,           -- the refresh token currently valid
  previous_jti   TEXT,                       -- the one it replaced (grace window)
  rotated_at     INTEGER,
  revoked_at     INTEGER
);
CREATE INDEX login_sessions_by_account ON login_sessions(account_id);

CREATE TABLE categories (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,          -- lower-case
  description TEXT,
  icon        TEXT
);

CREATE TABLE servers (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL,
  description TEXT,
  owner_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE RESTRICT,
  icon        TEXT,
  banner      TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX servers_by_category ON servers(category_id);
CREATE INDEX servers_by_owner ON servers(owner_id);

CREATE TABLE memberships (
  server_id  INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  joined_at  INTEGER NOT NULL,
  PRIMARY KEY (server_id, account_id)
) WITHOUT ROWID;
CREATE INDEX memberships_by_account ON memberships(account_id, server_id);

CREATE TABLE channels (
  id        INTEGER PRIMARY KEY,
  server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  owner_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name      TEXT    NOT NULL,
  topic     TEXT    NOT NULL DEFAULT '',
  position  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX channels_by_server ON channels(server_id, position, id);

-- AUTOINCREMENT: a message id is never reused, so "after=<id>" resumes stay exact.
CREATE TABLE messages (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  sender_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  content    TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX messages_by_channel ON messages(channel_id, id);
CREATE INDEX messages_by_sender ON messages(sender_id);
)sql",
    // 2: the event log (SPEC §6) and messages v2 (§7). Existing messages keep no seq: an
    // upgraded channel's log starts with its next change.
    R"sql(
ALTER TABLE channels ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE channels ADD COLUMN last_message_id INTEGER NOT NULL DEFAULT 0;
-- A resume after a seq below this is refused: the events up to it are trimmed.
ALTER TABLE channels ADD COLUMN resumable_after INTEGER NOT NULL DEFAULT 0;
UPDATE channels SET last_message_id =
  COALESCE((SELECT MAX(id) FROM messages WHERE channel_id = channels.id), 0);

-- A message row is also its creation event (seq); a deleted message keeps its row, emptied,
-- so that its events keep their place.
ALTER TABLE messages ADD COLUMN seq INTEGER;
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN reply_to_id INTEGER REFERENCES messages(id) ON DELETE SET NULL;
ALTER TABLE messages ADD COLUMN mentions TEXT;  -- "3,7": mentioned ids, ascending
ALTER TABLE messages ADD COLUMN mention_everyone INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
-- The creation frame as the sockets got it, kept once an edit (of it, or of the message it
-- answers) would make the row render differently; NULL: the row renders it.
ALTER TABLE messages ADD COLUMN created_frame TEXT;
CREATE UNIQUE INDEX messages_by_channel_seq ON messages(channel_id, seq) WHERE seq IS NOT NULL;
CREATE INDEX messages_by_reply ON messages(reply_to_id) WHERE reply_to_id IS NOT NULL;
-- No query reads messages by sender (accounts are deactivated, not deleted): its index only
-- cost every insert a B-tree write, which the seq index above now takes instead.
DROP INDEX messages_by_sender;

-- Every other event: edits keep the frame they were sent as; deletes and reactions are
-- rendered from their columns.
CREATE TABLE channel_events (
  channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  kind       INTEGER NOT NULL,  -- model::EventKind
  message_id INTEGER NOT NULL,
  user_id    INTEGER,
  emoji      TEXT,
  frame      TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (channel_id, seq)
) WITHOUT ROWID;
CREATE INDEX channel_events_by_message ON channel_events(message_id);
CREATE INDEX channel_events_by_time ON channel_events(created_at);

CREATE TABLE reactions (
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  emoji      TEXT    NOT NULL,
  user_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (message_id, emoji, user_id)
) WITHOUT ROWID;

-- Who a message mentions, for mention counts without scanning history (SPEC §8).
CREATE TABLE message_mentions (
  user_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, channel_id, message_id)
) WITHOUT ROWID;
CREATE INDEX message_mentions_by_message ON message_mentions(message_id);
)sql",
    kMigration4DirectMessages,
    kMigration5Presence,
};

int user_version(Connection& connection) {
  auto stmt = connection.prepare("PRAGMA user_version");
  return stmt.step() ? static_cast<int>(stmt.int64(0)) : 0;
}

}  // namespace

int latest_schema_version() {
  return static_cast<int>(kMigrations.size());
}

int migrate(Connection& connection) {
  int current = user_version(connection);
  if (current > latest_schema_version()) {
    throw Error(SQLITE_ERROR, "database schema version " + std::to_string(current) +
                                  " is newer than this parley (" +
                                  std::to_string(latest_schema_version()) + ")");
  }
  int applied = 0;
  if (current == latest_schema_version()) return applied;
  // A table rebuild (new table, copy, drop, rename) must not cascade the drop into the rows
  // that refer to the table: foreign keys are off while migrating (the pragma is a no-op
  // inside a transaction, hence here) and checked before each commit.
  connection.exec("PRAGMA foreign_keys=OFF");
  try {
    for (int version = current + 1; version <= latest_schema_version(); ++version) {
      WriteScope scope(connection);
      connection.exec(kMigrations[static_cast<std::size_t>(version - 1)]);
      if (connection.prepare("PRAGMA foreign_key_check").step()) {
        throw Error(SQLITE_CONSTRAINT,
                    "migration " + std::to_string(version) + " left rows that break a foreign key");
      }
      connection.exec("PRAGMA user_version = " + std::to_string(version));
      scope.commit();
      ++applied;
    }
  } catch (...) {
    connection.exec("PRAGMA foreign_keys=ON");
    throw;
  }
  connection.exec("PRAGMA foreign_keys=ON");
  return applied;
}

}  // namespace store::sqlite

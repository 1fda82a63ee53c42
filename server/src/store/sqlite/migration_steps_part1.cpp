#include "store/sqlite/migration_steps.hpp"

namespace store::sqlite {

// 1: the initial schema. Times are microseconds since the Unix epoch (UTC).
const char* const kMigration1Initial = R"sql(
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
)sql";

// 2: the event log (SPEC §6) and messages v2 (§7). Existing messages keep no seq: an
// upgraded channel's log starts with its next change.
const char* const kMigration2EventLog = R"sql(
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
)sql";

}  // namespace store::sqlite

#include "store/sqlite/migration_steps.hpp"

namespace store::sqlite {

// 3: direct messages (SPEC §9). channels.server_id becomes nullable (NULL: a DM channel), which
// SQLite can only do by rebuilding the table; migrate() runs every migration with foreign keys
// off and checks them before committing, as SQLite's ALTER TABLE instructions say.
const char* const kMigration3DirectMessages = R"sql(
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

// 4: presence (SPEC §11): the status a user chose, kept across reconnects. A row only for
// users who chose something; no row reads as online.
const char* const kMigration4Presence = R"sql(
CREATE TABLE presence_choices (
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  status     TEXT    NOT NULL CHECK (status IN ('online', 'idle', 'dnd', 'invisible'))
);
)sql";

// 5: read states (SPEC §8). Mention counts are counted when read (store/read_state_store.hpp);
// the triggers keep the hints that let a listing skip counting, and the rows members get.
// It comes after 3 on purpose: 3 rebuilds `channels` (to make server_id nullable), and SQLite
// refuses to rename a rebuilt table under the triggers this one puts on it (and the rebuild
// would drop last_everyone_id).
const char* const kMigration5ReadStates = R"sql(
CREATE TABLE read_states (
  user_id         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  channel_id      INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  last_read_id    INTEGER NOT NULL DEFAULT 0,
  last_mention_id INTEGER NOT NULL DEFAULT 0,  -- newest message that mentioned the user (hint)
  PRIMARY KEY (user_id, channel_id)
) WITHOUT ROWID;
CREATE INDEX read_states_by_channel ON read_states(channel_id);

-- Newest message that mentioned everyone (a hint: a delete leaves it, the count finds none).
ALTER TABLE channels ADD COLUMN last_everyone_id INTEGER NOT NULL DEFAULT 0;
UPDATE channels SET last_everyone_id = COALESCE(
  (SELECT MAX(id) FROM messages WHERE channel_id = channels.id AND mention_everyone = 1), 0);
-- Counting a channel's @everyone messages after a read mark reads this index only.
CREATE INDEX messages_everyone ON messages(channel_id, id, sender_id) WHERE mention_everyone = 1;

CREATE TRIGGER messages_everyone_created AFTER INSERT ON messages
WHEN NEW.mention_everyone <> 0 BEGIN
  UPDATE channels SET last_everyone_id = NEW.id
  WHERE id = NEW.channel_id AND last_everyone_id < NEW.id;
END;
CREATE TRIGGER messages_everyone_edited AFTER UPDATE OF mention_everyone ON messages
WHEN NEW.mention_everyone <> 0 BEGIN
  UPDATE channels SET last_everyone_id = NEW.id
  WHERE id = NEW.channel_id AND last_everyone_id < NEW.id;
END;

-- A mention of someone who can see the channel gives them a read state (a channel never
-- acked then lists too) and moves its hint; nobody else gets one.
CREATE TRIGGER message_mentions_hint AFTER INSERT ON message_mentions BEGIN
  INSERT INTO read_states (user_id, channel_id, last_read_id, last_mention_id)
  SELECT NEW.user_id, NEW.channel_id, 0, NEW.message_id
  WHERE EXISTS (SELECT 1 FROM channels c JOIN memberships m ON m.server_id = c.server_id
                WHERE c.id = NEW.channel_id AND m.account_id = NEW.user_id)
     OR EXISTS (SELECT 1 FROM dm_recipients d
                WHERE d.channel_id = NEW.channel_id AND d.user_id = NEW.user_id)
  ON CONFLICT (user_id, channel_id) DO UPDATE
  SET last_mention_id = max(last_mention_id, excluded.last_mention_id);
END;

-- Being added to a group DM reads what was there; leaving it forgets its read state.
CREATE TRIGGER dm_recipients_read_states_join AFTER INSERT ON dm_recipients BEGIN
  INSERT OR IGNORE INTO read_states (user_id, channel_id, last_read_id)
  SELECT NEW.user_id, id, last_message_id FROM channels WHERE id = NEW.channel_id;
END;
CREATE TRIGGER dm_recipients_read_states_leave AFTER DELETE ON dm_recipients BEGIN
  DELETE FROM read_states WHERE user_id = OLD.user_id AND channel_id = OLD.channel_id;
END;

-- Joining a server reads what was there before; leaving forgets its read states.
CREATE TRIGGER memberships_read_states_join AFTER INSERT ON memberships BEGIN
  INSERT OR IGNORE INTO read_states (user_id, channel_id, last_read_id)
  SELECT NEW.account_id, id, last_message_id FROM channels WHERE server_id = NEW.server_id;
END;
CREATE TRIGGER memberships_read_states_leave AFTER DELETE ON memberships BEGIN
  DELETE FROM read_states WHERE user_id = OLD.account_id
  AND channel_id IN (SELECT id FROM channels WHERE server_id = OLD.server_id);
END;

-- Members and DM recipients of an upgraded database start with everything read.
INSERT INTO read_states (user_id, channel_id, last_read_id)
SELECT m.account_id, c.id, c.last_message_id FROM memberships m
JOIN channels c ON c.server_id = m.server_id;
INSERT INTO read_states (user_id, channel_id, last_read_id)
SELECT d.user_id, c.id, c.last_message_id FROM dm_recipients d
JOIN channels c ON c.id = d.channel_id;
)sql";

// 6: attachments (SPEC §12). Rows outlive
// their message and channel (SET NULL) so that the janitor can remove the blobs they name.
const char* const kMigration6Attachments = R"sql(
CREATE TABLE attachments (
  id            INTEGER PRIMARY KEY,
  uploader_id   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  channel_id    INTEGER REFERENCES channels(id) ON DELETE SET NULL,
  message_id    INTEGER REFERENCES messages(id) ON DELETE SET NULL,
  filename      TEXT    NOT NULL,
  content_type  TEXT    NOT NULL,
  size          INTEGER NOT NULL,
  width         INTEGER,
  height        INTEGER,
  storage_key   TEXT    NOT NULL,
  thumbnail_key TEXT,
  url_token     TEXT    NOT NULL,
  position      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);
CREATE INDEX attachments_by_message ON attachments(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX attachments_unused ON attachments(created_at) WHERE message_id IS NULL;
CREATE INDEX attachments_orphaned ON attachments(id) WHERE channel_id IS NULL;
)sql";

// 7: roles, member roles, channel overwrites (SPEC §10). The @everyone role is not a row: its id is
// the server's, its bits live on the server. Role ids start at 2^40 so that no role ever carries
// its own server's id.
const char* const kMigration7Roles = R"sql(
ALTER TABLE servers ADD COLUMN everyone_permissions INTEGER NOT NULL DEFAULT 101441;
CREATE TABLE roles (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  server_id   INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  name        TEXT    NOT NULL,
  color       INTEGER NOT NULL DEFAULT 0,
  position    INTEGER NOT NULL,
  permissions INTEGER NOT NULL,
  hoist       INTEGER NOT NULL DEFAULT 0,
  mentionable INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX roles_by_server ON roles(server_id, position);
INSERT INTO sqlite_sequence (name, seq) VALUES ('roles', 1099511627776);
CREATE TABLE member_roles (
  server_id  INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  role_id    INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  PRIMARY KEY (server_id, account_id, role_id),
  FOREIGN KEY (server_id, account_id) REFERENCES memberships(server_id, account_id)
    ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX member_roles_by_role ON member_roles(role_id);
CREATE TABLE channel_overwrites (
  channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  target_id  INTEGER NOT NULL,
  kind       TEXT    NOT NULL CHECK (kind IN ('role', 'member')),
  allow_bits INTEGER NOT NULL,
  deny_bits  INTEGER NOT NULL,
  PRIMARY KEY (channel_id, target_id)
) WITHOUT ROWID;
CREATE INDEX channel_overwrites_by_target ON channel_overwrites(target_id);
CREATE TABLE bans (
  server_id  INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  reason     TEXT,
  PRIMARY KEY (server_id, account_id)
) WITHOUT ROWID;
)sql";

// 8: private servers and invites (SPEC §10). An invite's uses are counted by one conditional
// UPDATE in the transaction that adds the membership (store/invite_queries.hpp).
const char* const kMigration8Invites = R"sql(
ALTER TABLE servers ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public'
  CHECK (visibility IN ('public', 'private'));
CREATE TABLE invites (
  code       TEXT    PRIMARY KEY,
  server_id  INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  inviter_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  uses       INTEGER NOT NULL DEFAULT 0,
  max_uses   INTEGER NOT NULL DEFAULT 0,  -- 0: unlimited
  expires_at INTEGER,                     -- NULL: never
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX invites_by_server ON invites(server_id, created_at);
)sql";

// 9: search (SPEC §13): an inverted index in an ordinary table, of the tokens chat/search_text
// makes (words, and CJK two-character pieces, already normalized). Not FTS5: FTS5 keeps the terms
// of deleted and edited rows in its older segments until they happen to be merged, which would
// break SPEC §7's promise that a deleted message (every version of it) is erased from the file;
// here a delete removes the rows, and secure_delete and the journal erasure do the rest. (term,
// message_id) answers exact words and prefixes (a range of terms) newest first; (message_id, term)
// checks a candidate's other words and removes a message's rows. New messages are indexed after
// their commit, in batches, up to indexed_through (a crash re-indexes from there); edits and
// deletes change the rows in their own transaction. A database that already holds messages is
// filled by the first serve.
const char* const kMigration9Search = R"sql(
CREATE TABLE search_terms (
  term        TEXT    NOT NULL,
  message_id  INTEGER NOT NULL,
  PRIMARY KEY (term, message_id)
) WITHOUT ROWID;
CREATE INDEX search_terms_by_message ON search_terms(message_id);
CREATE TABLE search_index_state (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_through  INTEGER NOT NULL
);
INSERT INTO search_index_state (id, indexed_through) VALUES (1, 0);
-- Channels and servers are deleted with their messages (ON DELETE CASCADE): their words go too.
CREATE TRIGGER messages_leave_search AFTER DELETE ON messages BEGIN
  DELETE FROM search_terms WHERE message_id = old.id;
END;
)sql";

// 10: timeouts and the audit log (SPEC §10). A timeout is kept apart from the membership so that
// leaving and rejoining does not lift it. Audit ids only grow (AUTOINCREMENT): pages by
// "before=<id>" stay exact.
const char* const kMigration10Moderation = R"sql(
CREATE TABLE member_timeouts (
  server_id  INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  until      INTEGER NOT NULL,
  PRIMARY KEY (server_id, account_id)
) WITHOUT ROWID;
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  server_id  INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  action     TEXT    NOT NULL,
  actor_id   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  target_id  INTEGER,
  reason     TEXT,
  changes    TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX audit_log_by_server ON audit_log(server_id, id);
)sql";

// 11: the search index keyed by channel too (term, channel_id, message_id). A search reads only
// the postings of the channels it may look in, and the postings alone answer how many messages
// match (a posting exists only for a live message), where the message table had to be probed
// once per match for its channel. The old rows are dropped and the mark reset: the first serve
// rebuilds the index in the background, as it fills the index of a database from before
// migration 9, with its progress in the log.
const char* const kMigration11SearchByChannel = R"sql(
DROP TRIGGER messages_leave_search;
DROP TABLE search_terms;
CREATE TABLE search_postings (
  term        TEXT    NOT NULL,
  channel_id  INTEGER NOT NULL,
  message_id  INTEGER NOT NULL,
  PRIMARY KEY (term, channel_id, message_id)
) WITHOUT ROWID;
CREATE INDEX search_postings_by_message ON search_postings(message_id);
UPDATE search_index_state SET indexed_through = 0;
CREATE TRIGGER messages_leave_search AFTER DELETE ON messages BEGIN
  DELETE FROM search_postings WHERE message_id = old.id;
END;
)sql";

}  // namespace store::sqlite

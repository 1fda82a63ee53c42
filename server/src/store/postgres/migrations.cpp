#include "store/postgres/migrations.hpp"

#include <array>

namespace store::postgres {
namespace {

// 3: direct messages (SPEC §9). A DM channel is a row of channels without a server.
constexpr const char* kMigration3DirectMessages = R"sql(
ALTER TABLE channels ALTER COLUMN server_id DROP NOT NULL;

-- kind 1: a 1:1 (dm_key "lo:hi" makes the pair's channel unique), 2: a group.
CREATE TABLE dm_channels (
  channel_id bigint PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
  kind       smallint NOT NULL,
  name       text,
  owner_id   bigint REFERENCES accounts(id) ON DELETE SET NULL,
  dm_key     text UNIQUE
);
CREATE TABLE dm_recipients (
  channel_id bigint NOT NULL REFERENCES dm_channels(channel_id) ON DELETE CASCADE,
  user_id    bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  joined_at  bigint NOT NULL,
  PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX dm_recipients_by_user ON dm_recipients(user_id, channel_id);

CREATE TABLE user_blocks (
  blocker_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  blocked_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX user_blocks_by_blocked ON user_blocks(blocked_id, blocker_id);

-- model::DmPolicy: 0 everyone, 1 shared_servers (the default), 2 nobody.
ALTER TABLE accounts ADD COLUMN dm_policy smallint NOT NULL DEFAULT 1;
)sql";

// 4: presence (SPEC §11): the status a user chose, kept across reconnects. A row only for
// users who chose something; no row reads as online.
constexpr const char* kMigration4Presence = R"sql(
CREATE TABLE presence_choices (
  account_id bigint PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  status     text   NOT NULL CHECK (status IN ('online', 'idle', 'dnd', 'invisible'))
);
)sql";

// 5: read states (SPEC §8), as SQLite's migration 5: mention counts are counted when read
// (store/read_state_store.hpp); the triggers keep the hints and the rows members get.
constexpr const char* kMigration5ReadStates = R"sql(
CREATE TABLE read_states (
  user_id         bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  channel_id      bigint NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  last_read_id    bigint NOT NULL DEFAULT 0,
  last_mention_id bigint NOT NULL DEFAULT 0,  -- newest message that mentioned the user (hint)
  PRIMARY KEY (user_id, channel_id)
);
CREATE INDEX read_states_by_channel ON read_states(channel_id);

-- Newest message that mentioned everyone (a hint: a delete leaves it, the count finds none).
ALTER TABLE channels ADD COLUMN last_everyone_id bigint NOT NULL DEFAULT 0;
UPDATE channels SET last_everyone_id = COALESCE(
  (SELECT MAX(id) FROM messages WHERE channel_id = channels.id AND mention_everyone), 0);
-- Counting a channel's @everyone messages after a read mark reads this index only.
CREATE INDEX messages_everyone ON messages(channel_id, id, sender_id) WHERE mention_everyone;

CREATE FUNCTION parley_everyone_hint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE channels SET last_everyone_id = NEW.id
  WHERE id = NEW.channel_id AND last_everyone_id < NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER messages_everyone_created AFTER INSERT ON messages
FOR EACH ROW WHEN (NEW.mention_everyone) EXECUTE FUNCTION parley_everyone_hint();
CREATE TRIGGER messages_everyone_edited AFTER UPDATE OF mention_everyone ON messages
FOR EACH ROW WHEN (NEW.mention_everyone) EXECUTE FUNCTION parley_everyone_hint();

-- A mention of someone who can see the channel gives them a read state (a channel never
-- acked then lists too) and moves its hint; nobody else gets one.
CREATE FUNCTION parley_mention_hint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO read_states (user_id, channel_id, last_read_id, last_mention_id)
  SELECT NEW.user_id, NEW.channel_id, 0, NEW.message_id
  WHERE EXISTS (SELECT 1 FROM channels c JOIN memberships m ON m.server_id = c.server_id
                WHERE c.id = NEW.channel_id AND m.account_id = NEW.user_id)
     OR EXISTS (SELECT 1 FROM dm_recipients d
                WHERE d.channel_id = NEW.channel_id AND d.user_id = NEW.user_id)
  ON CONFLICT (user_id, channel_id) DO UPDATE
  SET last_mention_id = GREATEST(read_states.last_mention_id, EXCLUDED.last_mention_id);
  RETURN NULL;
END $$;
CREATE TRIGGER message_mentions_hint AFTER INSERT ON message_mentions
FOR EACH ROW EXECUTE FUNCTION parley_mention_hint();

-- Being added to a group DM reads what was there; leaving it forgets its read state.
CREATE FUNCTION parley_dm_recipient_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO read_states (user_id, channel_id, last_read_id)
  SELECT NEW.user_id, id, last_message_id FROM channels WHERE id = NEW.channel_id
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER dm_recipients_read_states_join AFTER INSERT ON dm_recipients
FOR EACH ROW EXECUTE FUNCTION parley_dm_recipient_added();
CREATE FUNCTION parley_dm_recipient_left() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM read_states WHERE user_id = OLD.user_id AND channel_id = OLD.channel_id;
  RETURN NULL;
END $$;
CREATE TRIGGER dm_recipients_read_states_leave AFTER DELETE ON dm_recipients
FOR EACH ROW EXECUTE FUNCTION parley_dm_recipient_left();

-- Joining a server reads what was there before; leaving forgets its read states.
CREATE FUNCTION parley_member_joined() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO read_states (user_id, channel_id, last_read_id)
  SELECT NEW.account_id, id, last_message_id FROM channels WHERE server_id = NEW.server_id
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER memberships_read_states_join AFTER INSERT ON memberships
FOR EACH ROW EXECUTE FUNCTION parley_member_joined();
CREATE FUNCTION parley_member_left() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM read_states WHERE user_id = OLD.account_id
  AND channel_id IN (SELECT id FROM channels WHERE server_id = OLD.server_id);
  RETURN NULL;
END $$;
CREATE TRIGGER memberships_read_states_leave AFTER DELETE ON memberships
FOR EACH ROW EXECUTE FUNCTION parley_member_left();

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
constexpr const char* kMigration6Attachments = R"sql(
CREATE TABLE attachments (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  uploader_id   bigint REFERENCES accounts(id) ON DELETE SET NULL,
  channel_id    bigint REFERENCES channels(id) ON DELETE SET NULL,
  message_id    bigint REFERENCES messages(id) ON DELETE SET NULL,
  filename      text    NOT NULL,
  content_type  text    NOT NULL,
  size          bigint NOT NULL,
  width         integer,
  height        integer,
  storage_key   text    NOT NULL,
  thumbnail_key text,
  url_token     text    NOT NULL,
  position      integer NOT NULL DEFAULT 0,
  created_at    bigint NOT NULL
);
CREATE INDEX attachments_by_message ON attachments(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX attachments_unused ON attachments(created_at) WHERE message_id IS NULL;
CREATE INDEX attachments_orphaned ON attachments(id) WHERE channel_id IS NULL;
)sql";

// 7: roles, as SQLite's kMigration7Roles.
constexpr const char* kMigration7Roles = R"sql(
ALTER TABLE servers ADD COLUMN everyone_permissions bigint NOT NULL DEFAULT 101441;
CREATE TABLE roles (
  id          bigint  GENERATED BY DEFAULT AS IDENTITY (START WITH 1099511627777) PRIMARY KEY,
  server_id   bigint  NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  name        text    NOT NULL,
  color       integer NOT NULL DEFAULT 0,
  position    integer NOT NULL,
  permissions bigint  NOT NULL,
  hoist       integer NOT NULL DEFAULT 0,
  mentionable integer NOT NULL DEFAULT 0
);
CREATE INDEX roles_by_server ON roles(server_id, position);
CREATE TABLE member_roles (
  server_id  bigint NOT NULL,
  account_id bigint NOT NULL,
  role_id    bigint NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  PRIMARY KEY (server_id, account_id, role_id),
  FOREIGN KEY (server_id, account_id) REFERENCES memberships(server_id, account_id)
    ON DELETE CASCADE
);
CREATE INDEX member_roles_by_role ON member_roles(role_id);
CREATE TABLE channel_overwrites (
  channel_id bigint NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  target_id  bigint NOT NULL,
  kind       text   NOT NULL CHECK (kind IN ('role', 'member')),
  allow_bits bigint NOT NULL,
  deny_bits  bigint NOT NULL,
  PRIMARY KEY (channel_id, target_id)
);
CREATE INDEX channel_overwrites_by_target ON channel_overwrites(target_id);
CREATE TABLE bans (
  server_id  bigint NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  reason     text,
  PRIMARY KEY (server_id, account_id)
);
)sql";

// 8: private servers and invites, as SQLite's kMigration8Invites.
constexpr const char* kMigration8Invites = R"sql(
ALTER TABLE servers ADD COLUMN visibility text NOT NULL DEFAULT 'public'
  CHECK (visibility IN ('public', 'private'));
CREATE TABLE invites (
  code       text   PRIMARY KEY,
  server_id  bigint NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  inviter_id bigint REFERENCES accounts(id) ON DELETE SET NULL,
  uses       bigint NOT NULL DEFAULT 0,
  max_uses   bigint NOT NULL DEFAULT 0,
  expires_at bigint,
  created_at bigint NOT NULL
);
CREATE INDEX invites_by_server ON invites(server_id, created_at);
)sql";

// 9: search (SPEC §13): the text chat/search_text makes, as a tsvector of its tokens
// (array_to_tsvector: taken as they are, no parser or dictionary, so CJK pieces survive whatever
// the database's locale) with a GIN index. PostgreSQL computes it in the statement that stores the
// message (no extra round trip), so only rows older than this migration wait: the first serve fills
// them in batches (search_backfill: ids in (done_through, through]). pg_trgm is not needed:
// two-character CJK substrings are tokens already, which trigrams could not find.
constexpr const char* kMigration9Search = R"sql(
ALTER TABLE messages ADD COLUMN search_tsv tsvector;
CREATE INDEX messages_search ON messages USING gin (search_tsv);
CREATE TABLE search_backfill (
  id            integer PRIMARY KEY CHECK (id = 1),
  done_through  bigint  NOT NULL,
  through       bigint  NOT NULL
);
INSERT INTO search_backfill (id, done_through, through)
  SELECT 1, 0, COALESCE(MAX(id), 0) FROM messages;
)sql";

// 10: timeouts and the audit log, as SQLite's kMigration10Moderation.
constexpr const char* kMigration10Moderation = R"sql(
CREATE TABLE member_timeouts (
  server_id  bigint NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  until      bigint NOT NULL,
  PRIMARY KEY (server_id, account_id)
);
CREATE TABLE audit_log (
  id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  server_id  bigint NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  action     text   NOT NULL,
  actor_id   bigint REFERENCES accounts(id) ON DELETE SET NULL,
  target_id  bigint,
  reason     text,
  changes    text,
  created_at bigint NOT NULL
);
CREATE INDEX audit_log_by_server ON audit_log(server_id, id);
)sql";

// kMigrations[i] is migration number i + 1, the same steps as SQLite's
// (store/sqlite/migrations.cpp). Never edit one that has shipped: add a new one.
constexpr std::array<const char*, 10> kMigrations = {
    // 1: the initial schema. Times are microseconds since the Unix epoch (UTC).
    R"sql(
CREATE TABLE accounts (
  id            bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  username      text    NOT NULL,
  username_key  text    NOT NULL UNIQUE,  -- case-folded, for case-insensitive uniqueness
  password_hash text    NOT NULL,
  is_staff      boolean NOT NULL DEFAULT false,
  is_active     boolean NOT NULL DEFAULT true,
  date_joined   bigint  NOT NULL
);

CREATE TABLE login_sessions (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,  -- the JWT "sid" claim
  account_id   bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at   bigint NOT NULL,
  expires_at   bigint NOT NULL,
  refresh_jti  text   NOT NULL,  -- the refresh token currently valid
  previous_jti text,             -- the one it replaced (grace window)
  rotated_at   bigint,
  revoked_at   bigint
);
CREATE INDEX login_sessions_by_account ON login_sessions(account_id);

CREATE TABLE categories (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name        text NOT NULL UNIQUE,  -- lower-case
  description text,
  icon        text
);

CREATE TABLE servers (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name        text   NOT NULL,
  description text,
  owner_id    bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  category_id bigint NOT NULL REFERENCES categories(id) ON DELETE RESTRICT,
  icon        text,
  banner      text,
  created_at  bigint NOT NULL
);
CREATE INDEX servers_by_category ON servers(category_id);
CREATE INDEX servers_by_owner ON servers(owner_id);

CREATE TABLE memberships (
  server_id  bigint NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  joined_at  bigint NOT NULL,
  PRIMARY KEY (server_id, account_id)
);
CREATE INDEX memberships_by_account ON memberships(account_id, server_id);

CREATE TABLE channels (
  id        bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  server_id bigint  NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  owner_id  bigint  NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name      text    NOT NULL,
  topic     text    NOT NULL DEFAULT '',
  position  integer NOT NULL DEFAULT 0
);
CREATE INDEX channels_by_server ON channels(server_id, position, id);

-- An identity's sequence never hands out an id twice, so "after=<id>" resumes stay exact.
CREATE TABLE messages (
  id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  channel_id bigint NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  sender_id  bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  content    text   NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX messages_by_channel ON messages(channel_id, id);
CREATE INDEX messages_by_sender ON messages(sender_id);
)sql",
    // 2: the event log (SPEC §6) and messages v2 (§7). Existing messages keep no seq: an
    // upgraded channel's log starts with its next change.
    R"sql(
ALTER TABLE channels ADD COLUMN last_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE channels ADD COLUMN last_message_id bigint NOT NULL DEFAULT 0;
-- A resume after a seq below this is refused: the events up to it are trimmed.
ALTER TABLE channels ADD COLUMN resumable_after bigint NOT NULL DEFAULT 0;
UPDATE channels SET last_message_id =
  COALESCE((SELECT MAX(id) FROM messages WHERE channel_id = channels.id), 0);

-- A message row is also its creation event (seq); a deleted message keeps its row, emptied,
-- so that its events keep their place.
ALTER TABLE messages ADD COLUMN seq bigint;
ALTER TABLE messages ADD COLUMN edited_at bigint;
ALTER TABLE messages ADD COLUMN reply_to_id bigint REFERENCES messages(id) ON DELETE SET NULL;
ALTER TABLE messages ADD COLUMN mentions text;  -- "3,7": mentioned ids, ascending
ALTER TABLE messages ADD COLUMN mention_everyone boolean NOT NULL DEFAULT false;
ALTER TABLE messages ADD COLUMN deleted boolean NOT NULL DEFAULT false;
-- The creation frame as the sockets got it, kept once an edit (of it, or of the message it
-- answers) would make the row render differently; NULL: the row renders it.
ALTER TABLE messages ADD COLUMN created_frame text;
CREATE UNIQUE INDEX messages_by_channel_seq ON messages(channel_id, seq) WHERE seq IS NOT NULL;
CREATE INDEX messages_by_reply ON messages(reply_to_id) WHERE reply_to_id IS NOT NULL;
-- No query reads messages by sender (accounts are deactivated, not deleted): its index only
-- cost every insert a B-tree write, which the seq index above now takes instead.
DROP INDEX messages_by_sender;

-- Every other event: edits keep the frame they were sent as; deletes and reactions are
-- rendered from their columns.
CREATE TABLE channel_events (
  channel_id bigint  NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  seq        bigint  NOT NULL,
  kind       integer NOT NULL,  -- model::EventKind
  message_id bigint  NOT NULL,
  user_id    bigint,
  emoji      text,
  frame      text,
  created_at bigint  NOT NULL,
  PRIMARY KEY (channel_id, seq)
);
CREATE INDEX channel_events_by_message ON channel_events(message_id);
CREATE INDEX channel_events_by_time ON channel_events(created_at);

CREATE TABLE reactions (
  message_id bigint NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  emoji      text   NOT NULL,
  user_id    bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  PRIMARY KEY (message_id, emoji, user_id)
);

-- Who a message mentions, for mention counts without scanning history (SPEC §8).
CREATE TABLE message_mentions (
  user_id    bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  channel_id bigint NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  message_id bigint NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, channel_id, message_id)
);
CREATE INDEX message_mentions_by_message ON message_mentions(message_id);
-- PostgreSQL does not index a foreign key's referencing side by itself: deleting a channel
-- would scan every mention without this.
CREATE INDEX message_mentions_by_channel ON message_mentions(channel_id);
)sql",
    kMigration3DirectMessages,
    kMigration4Presence,
    kMigration5ReadStates,
    kMigration6Attachments,
    kMigration7Roles,
    kMigration8Invites,
    kMigration9Search,
    kMigration10Moderation,
};

// Any fixed number: every Parley node migrating the same database takes this lock first.
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(7305283913)";

int schema_version(Connection& connection) {
  auto stmt = connection.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  return stmt.step() ? static_cast<int>(stmt.int64(0)) : 0;
}

}  // namespace

int latest_schema_version() {
  return static_cast<int>(kMigrations.size());
}

int migrate(Connection& connection) {
  WriteScope scope(connection);
  connection.exec(kLock);
  connection.exec(
      "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, "
      "applied_at timestamptz NOT NULL DEFAULT now())");
  int current = schema_version(connection);
  if (current > latest_schema_version()) {
    throw Error("", "database schema version " + std::to_string(current) +
                        " is newer than this parley (" + std::to_string(latest_schema_version()) +
                        ")");
  }
  int applied = 0;
  for (int version = current + 1; version <= latest_schema_version(); ++version) {
    connection.exec(kMigrations[static_cast<std::size_t>(version - 1)]);
    connection.exec("INSERT INTO schema_version (version) VALUES (" + std::to_string(version) +
                    ")");
    ++applied;
  }
  scope.commit();
  return applied;
}

}  // namespace store::postgres

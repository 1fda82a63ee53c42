#include "store/sqlite/migrations.hpp"

#include <array>
#include <string>

namespace store::sqlite {
namespace {

// Index i holds migration number i + 1. Never edit one that has shipped: add a new one.
constexpr std::array<const char*, 1> kMigrations = {
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
  for (int version = current + 1; version <= latest_schema_version(); ++version) {
    WriteScope scope(connection);
    connection.exec(kMigrations[static_cast<std::size_t>(version - 1)]);
    connection.exec("PRAGMA user_version = " + std::to_string(version));
    scope.commit();
    ++applied;
  }
  return applied;
}

}  // namespace store::sqlite

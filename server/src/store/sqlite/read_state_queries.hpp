// The SQL of read states on SQLite (sqlite_read_states.cpp), here so that a test can show
// their query plans: every one is an index search bounded by the mention cap, never a scan.
#pragma once

namespace store::sqlite::read_state_sql {

// ?1 user, ?2 channel, ?3 last_read_id. Messages after the mark that mention the user, or
// everyone, not sent by the user; each part looks at no more than 200 candidates (twice the
// cap: the user's own messages are skipped) and the caller caps the count at 100.
constexpr const char* kMentionCount =
    "SELECT count(*) FROM ("
    "SELECT id FROM (SELECT mm.message_id AS id, m.sender_id AS sender FROM message_mentions mm "
    "JOIN messages m ON m.id = mm.message_id "
    "WHERE mm.user_id = ?1 AND mm.channel_id = ?2 AND mm.message_id > ?3 "
    "ORDER BY mm.message_id LIMIT 200) WHERE sender <> ?1 "
    "UNION "
    "SELECT id FROM (SELECT id, sender_id AS sender FROM messages INDEXED BY messages_everyone "
    "WHERE channel_id = ?2 AND id > ?3 AND mention_everyone = 1 "
    "ORDER BY id LIMIT 200) WHERE sender <> ?1)";

// ?1 user, ?2 channel, ?3 message. The channel's hint, the user's read state there (NULLs
// when none) and whether the message is the channel's.
constexpr const char* kAckLookup =
    "SELECT c.last_everyone_id, r.last_read_id, r.last_mention_id, "
    "EXISTS (SELECT 1 FROM messages m WHERE m.id = ?3 AND m.channel_id = c.id) "
    "FROM channels c LEFT JOIN read_states r ON r.user_id = ?1 AND r.channel_id = c.id "
    "WHERE c.id = ?2";

// ?1 user, ?2 channel, ?3 message, ?4 manual.
constexpr const char* kAckWrite =
    "INSERT INTO read_states (user_id, channel_id, last_read_id) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (user_id, channel_id) DO UPDATE SET last_read_id = CASE WHEN ?4 "
    "THEN excluded.last_read_id ELSE max(last_read_id, excluded.last_read_id) END "
    "RETURNING last_read_id, last_mention_id";

// ?1 user. Each read state, and whether mentions may be pending there; then the channels of
// the user's servers with an @everyone and no read state (never read: mark 0).
constexpr const char* kList =
    "SELECT r.channel_id, r.last_read_id, "
    "r.last_mention_id > r.last_read_id OR c.last_everyone_id > r.last_read_id "
    "FROM read_states r JOIN channels c ON c.id = r.channel_id WHERE r.user_id = ?1 "
    "UNION ALL "
    "SELECT c.id, 0, 1 FROM memberships mb JOIN channels c ON c.server_id = mb.server_id "
    "WHERE mb.account_id = ?1 AND c.last_everyone_id > 0 AND NOT EXISTS "
    "(SELECT 1 FROM read_states r WHERE r.user_id = ?1 AND r.channel_id = c.id) "
    "ORDER BY 1";

}  // namespace store::sqlite::read_state_sql

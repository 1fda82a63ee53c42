// Reading a channel's event log on SQLite: message rows are their creation events, the
// channel_events table holds the rest (SPEC §6).
#include <algorithm>
#include <unordered_map>

#include "codec/event_json.hpp"
#include "store/sqlite/attachment_rows.hpp"
#include "store/sqlite/message_rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace store::sqlite {
namespace {

using model::EventKind;

constexpr int kMaxEventsPage = 500;
constexpr int kMaxReactorsPage = 100;

struct LogRow {
  Id seq = 0;
  EventKind kind = EventKind::message_create;
  Id message_id = 0;
  std::optional<Id> user_id;
  std::optional<std::string> emoji;
  std::optional<std::string> frame;
};

}  // namespace

std::vector<model::Event> SqliteStore::events_after(Id channel_id, Id after_seq, int limit) {
  limit = std::clamp(limit, 1, kMaxEventsPage);
  auto& db = connection();
  std::vector<LogRow> rows;
  {
    auto stmt = db.prepare(
        "SELECT seq, 1, id, NULL, NULL, created_frame FROM messages "
        "WHERE channel_id = ?1 AND seq > ?2 "
        "UNION ALL "
        "SELECT seq, kind, message_id, user_id, emoji, frame FROM channel_events "
        "WHERE channel_id = ?1 AND seq > ?2 ORDER BY 1 LIMIT ?3");
    stmt.bind(1, channel_id).bind(2, after_seq).bind(3, limit);
    while (stmt.step()) {
      LogRow row;
      row.seq = stmt.int64(0);
      row.kind = static_cast<EventKind>(stmt.int64(1));
      row.message_id = stmt.int64(2);
      if (!stmt.is_null(3)) row.user_id = stmt.int64(3);
      row.emoji = stmt.optional_text(4);
      row.frame = stmt.optional_text(5);
      rows.push_back(std::move(row));
    }
  }
  // A creation event is its message's kept frame, or (never edited, nor what it quotes) the
  // message rendered as it is, which is how it was sent; reactions come as their own events.
  std::unordered_map<Id, MessageRow> created;
  bool render = std::any_of(rows.begin(), rows.end(), [](const LogRow& row) {
    return row.kind == EventKind::message_create && !row.frame;
  });
  if (render) {
    auto stmt =
        db.prepare(PARLEY_MESSAGE_SELECT "WHERE m.channel_id = ? AND m.seq > ? AND m.seq <= ?");
    stmt.bind(1, channel_id).bind(2, after_seq).bind(3, rows.back().seq);
    std::vector<MessageRow> read;
    while (stmt.step()) read.push_back(read_message_row(stmt));
    std::vector<model::Message> messages;
    for (auto& row : read) messages.push_back(std::move(row.message));
    attach_files(db, messages);
    for (std::size_t i = 0; i < read.size(); ++i) {
      read[i].message = std::move(messages[i]);
      Id id = read[i].message.id;
      created.emplace(id, std::move(read[i]));
    }
  }
  std::vector<model::Event> events;
  events.reserve(rows.size());
  for (auto& row : rows) {
    model::Event event{channel_id, row.seq, row.kind, row.message_id, {}};
    switch (row.kind) {
      case EventKind::message_create: {
        if (row.frame) {
          event.frame = std::move(*row.frame);
          break;
        }
        auto it = created.find(row.message_id);
        if (it == created.end() || it->second.deleted) {
          event.frame = codec::deleted_message_frame(row.kind, channel_id, row.seq, row.message_id);
        } else {
          event.frame = codec::message_create_frame(it->second.message, row.seq);
        }
        break;
      }
      case EventKind::message_update:
        event.frame =
            row.frame ? std::move(*row.frame)
                      : codec::deleted_message_frame(row.kind, channel_id, row.seq, row.message_id);
        break;
      case EventKind::message_delete:
        event.frame = codec::message_delete_frame(channel_id, row.seq, row.message_id);
        break;
      case EventKind::reaction_add:
      case EventKind::reaction_remove:
        event.frame =
            row.emoji && row.user_id
                ? codec::reaction_frame(row.kind, channel_id, row.seq, row.message_id, *row.emoji,
                                        *row.user_id)
                : codec::deleted_reaction_frame(row.kind, channel_id, row.seq, row.message_id);
        break;
    }
    events.push_back(std::move(event));
  }
  return events;
}

EventWindow SqliteStore::event_window(Id channel_id) {
  auto stmt = connection().prepare("SELECT last_seq, resumable_after FROM channels WHERE id = ?");
  stmt.bind(1, channel_id);
  EventWindow window;
  if (!stmt.step()) return window;
  window.found = true;
  window.last_seq = stmt.int64(0);
  window.resumable_after = stmt.int64(1);
  return window;
}

std::int64_t SqliteStore::trim_events(model::Micros before, std::int64_t keep_last) {
  auto& db = connection();
  WriteScope scope(db);
  // Channels with more events than they must keep since their last trim.
  std::vector<std::pair<Id, Id>> candidates;  // channel -> newest seq that may go
  {
    auto stmt =
        db.prepare("SELECT id, last_seq - ? FROM channels WHERE last_seq - ? > resumable_after");
    stmt.bind(1, keep_last).bind(2, keep_last);
    while (stmt.step()) candidates.emplace_back(stmt.int64(0), stmt.int64(1));
  }
  std::int64_t trimmed = 0;
  for (auto [channel, newest_that_may_go] : candidates) {
    // Of those, the ones older than the cut (creation events are message rows: they stay as
    // history, but a resume can no longer start before them).
    Id floor = 0;
    {
      auto stmt = db.prepare(
          "SELECT MAX(seq) FROM (SELECT seq FROM messages WHERE channel_id = ?1 AND seq <= ?2 "
          "AND created_at < ?3 UNION ALL SELECT seq FROM channel_events WHERE channel_id = ?1 "
          "AND seq <= ?2 AND created_at < ?3)");
      stmt.bind(1, channel).bind(2, newest_that_may_go).bind(3, before);
      if (stmt.step() && !stmt.is_null(0)) floor = stmt.int64(0);
    }
    if (floor == 0) continue;
    db.prepare("DELETE FROM channel_events WHERE channel_id = ? AND seq <= ?")
        .bind(1, channel)
        .bind(2, floor)
        .run();
    trimmed += db.changes();
    db.prepare("UPDATE channels SET resumable_after = MAX(resumable_after, ?) WHERE id = ?")
        .bind(1, floor)
        .bind(2, channel)
        .run();
  }
  scope.commit();
  return trimmed;
}

std::vector<Reactor> SqliteStore::reactors(Id channel_id, Id message_id, std::string_view emoji,
                                           Id after, int limit) {
  limit = std::clamp(limit, 1, kMaxReactorsPage);
  auto stmt = connection().prepare(
      "SELECT a.id, a.username FROM reactions r JOIN accounts a ON a.id = r.user_id "
      "JOIN messages m ON m.id = r.message_id "
      "WHERE r.message_id = ? AND m.channel_id = ? AND r.emoji = ? AND r.user_id > ? "
      "ORDER BY r.user_id LIMIT ?");
  stmt.bind(1, message_id).bind(2, channel_id).bind(3, emoji).bind(4, after).bind(5, limit);
  std::vector<Reactor> out;
  while (stmt.step()) out.push_back({stmt.int64(0), stmt.text(1)});
  return out;
}

ChannelAccess SqliteStore::channel_access(Id channel_id, Id reader_id) {
  // One statement for both kinds: a server channel's membership, or a DM's recipient entry
  // and, in a 1:1, a block between its two people (CASE: only the kind's own look-ups run).
  auto stmt = connection().prepare(
      "SELECT c.server_id, s.owner_id, d.kind, "
      "CASE WHEN d.kind IS NULL THEN EXISTS (SELECT 1 FROM memberships mb "
      "  WHERE mb.server_id = c.server_id AND mb.account_id = ?1) "
      "ELSE EXISTS (SELECT 1 FROM dm_recipients r WHERE r.channel_id = c.id AND r.user_id = ?1) "
      "END, "
      "CASE WHEN d.kind = 1 THEN EXISTS (SELECT 1 FROM dm_recipients o JOIN user_blocks b "
      "  ON (b.blocker_id = o.user_id AND b.blocked_id = ?1) "
      "  OR (b.blocker_id = ?1 AND b.blocked_id = o.user_id) "
      "  WHERE o.channel_id = c.id AND o.user_id <> ?1) ELSE 0 END "
      "FROM channels c LEFT JOIN servers s ON s.id = c.server_id "
      "LEFT JOIN dm_channels d ON d.channel_id = c.id WHERE c.id = ?2");
  stmt.bind(1, reader_id).bind(2, channel_id);
  ChannelAccess access;
  if (!stmt.step()) return access;
  bool listed = stmt.int64(3) != 0;
  if (!stmt.is_null(2)) {
    if (!listed) return access;  // a DM is not found by anyone but its recipients
    access.found = true;
    access.dm = true;
    access.is_member = stmt.int64(4) == 0;
    return access;
  }
  if (stmt.is_null(0)) return access;
  access.found = true;
  access.server_id = stmt.int64(0);
  access.owner_id = stmt.int64(1);
  access.is_member = listed;
  return access;
}

}  // namespace store::sqlite

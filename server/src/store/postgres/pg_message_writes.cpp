#include "store/postgres/pg_message_writes.hpp"

#include <algorithm>

#include "codec/event_json.hpp"
#include "codec/quote_json.hpp"
#include "store/postgres/attachment_rows.hpp"
#include "store/postgres/message_rows.hpp"
#include "store/postgres/rows.hpp"
#include "store/store.hpp"

namespace store::postgres {

using model::EventKind;
using model::Id;

std::vector<Id> existing_accounts(Connection& db, const std::vector<Id>& candidates) {
  std::vector<Id> known;
  {
    auto stmt = db.prepare("SELECT id FROM accounts WHERE id = ANY($1::bigint[])");
    stmt.bind(1, id_array(candidates));
    while (stmt.step()) known.push_back(stmt.int64(0));
  }
  std::sort(known.begin(), known.end());
  std::vector<Id> found;
  for (Id id : candidates) {
    if (found.size() == static_cast<std::size_t>(kMaxMentions)) break;
    if (std::binary_search(known.begin(), known.end(), id)) found.push_back(id);
  }
  std::sort(found.begin(), found.end());
  return found;
}

void write_mentions(Connection& db, Id channel_id, Id message_id, const std::vector<Id>& mentions) {
  if (mentions.empty()) return;
  db.prepare(
        "INSERT INTO message_mentions (user_id, channel_id, message_id) "
        "SELECT unnest($1::bigint[]), $2, $3 ON CONFLICT DO NOTHING")
      .bind(1, id_array(mentions))
      .bind(2, channel_id)
      .bind(3, message_id)
      .run();
}

std::optional<Id> live_message_author(Connection& db, Id channel_id, Id message_id) {
  auto stmt =
      db.prepare("SELECT sender_id, deleted FROM messages WHERE id = $1 AND channel_id = $2");
  stmt.bind(1, message_id).bind(2, channel_id);
  if (!stmt.step() || stmt.boolean(1)) return std::nullopt;
  return stmt.int64(0);
}

model::Message load_message(Connection& db, Id message_id) {
  auto stmt = db.prepare(PARLEY_PG_MESSAGE_SELECT "WHERE m.id = $1");
  stmt.bind(1, message_id);
  stmt.step();
  std::vector<model::Message> one{read_message_row(stmt).message};
  attach_reactions(db, one, 0);
  attach_files(db, one);
  return std::move(one.front());
}

void append_event(Connection& db, model::Micros now, Id channel_id, Id seq, EventKind kind,
                  Id message_id, std::optional<Id> user_id, std::optional<std::string> emoji,
                  std::optional<std::string> frame) {
  auto stmt = db.prepare(
      "INSERT INTO channel_events (channel_id, seq, kind, message_id, user_id, emoji, frame, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
  stmt.bind(1, channel_id).bind(2, seq).bind(3, static_cast<int>(kind)).bind(4, message_id);
  if (user_id) {
    stmt.bind(5, *user_id);
  } else {
    stmt.bind_null(5);
  }
  stmt.bind(6, emoji).bind(7, frame).bind(8, now);
  stmt.run();
}

void freeze_creation_frame(Connection& db, Id message_id) {
  {
    auto stmt = db.prepare(
        "SELECT 1 FROM messages WHERE id = $1 AND created_frame IS NULL AND seq IS NOT NULL "
        "AND NOT deleted");
    stmt.bind(1, message_id);
    if (!stmt.step()) return;
  }
  auto message = load_message(db, message_id);
  message.reactions.clear();  // a new message has none: reactions come as their own events
  db.prepare("UPDATE messages SET created_frame = $1 WHERE id = $2")
      .bind(1, codec::message_create_frame(message, message.seq))
      .bind(2, message_id)
      .run();
}

void forget_quotes(Connection& db, Id message_id) {
  struct Rewrite {
    bool creation;  // messages.created_frame, else channel_events.frame
    Id a, b;        // message id, or (channel, seq)
    std::string frame;
  };
  std::vector<Rewrite> rewritten;
  {
    auto stmt = db.prepare(
        "SELECT e.channel_id, e.seq, e.frame FROM messages m JOIN channel_events e "
        "ON e.message_id = m.id WHERE m.reply_to_id = $1 AND e.frame IS NOT NULL");
    stmt.bind(1, message_id);
    while (stmt.step()) {
      auto frame = codec::frame_quoting_deleted(stmt.text(2), "message", message_id);
      if (!frame.empty()) rewritten.push_back({false, stmt.int64(0), stmt.int64(1), frame});
    }
  }
  {
    auto stmt = db.prepare(
        "SELECT id, created_frame FROM messages WHERE reply_to_id = $1 "
        "AND created_frame IS NOT NULL");
    stmt.bind(1, message_id);
    while (stmt.step()) {
      auto frame = codec::frame_quoting_deleted(stmt.text(1), "new_message", message_id);
      if (!frame.empty()) rewritten.push_back({true, stmt.int64(0), 0, frame});
    }
  }
  for (auto& rewrite : rewritten) {
    if (rewrite.creation) {
      db.prepare("UPDATE messages SET created_frame = $1 WHERE id = $2")
          .bind(1, rewrite.frame)
          .bind(2, rewrite.a)
          .run();
    } else {
      db.prepare("UPDATE channel_events SET frame = $1 WHERE channel_id = $2 AND seq = $3")
          .bind(1, rewrite.frame)
          .bind(2, rewrite.a)
          .bind(3, rewrite.b)
          .run();
    }
  }
}

}  // namespace store::postgres

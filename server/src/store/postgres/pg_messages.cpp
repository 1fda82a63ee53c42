// MessageStore on PostgreSQL: history pages and single messages (the event writer's side is
// pg_channel_ops.cpp, the log's pg_event_log.cpp).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "store/postgres/attachment_rows.hpp"
#include "store/postgres/message_rows.hpp"
#include "store/postgres/postgres_store.hpp"

namespace store::postgres {
namespace {

constexpr int kMaxPageSize = 200;

// A page of one channel, newest or oldest first. The channel is bounded by a row comparison on
// messages_by_channel's columns (channel_id, id) and ordered by both, never by
// "channel_id = $1 ... ORDER BY id": with that, for a channel holding most of the table the
// planner walks the primary key from the newest id and filters on channel_id, which reads every
// newer message of every other channel first (10,000 rows in bench/http-bench.sh, a quiet
// channel's whole silence in a real one). Bounded this way, only messages_by_channel yields the
// order asked for, so it is what the planner takes.
constexpr std::string_view kNewestBefore =
    "WHERE m.channel_id >= $1 AND (m.channel_id, m.id) < ($1, $2) AND NOT m.deleted "
    "ORDER BY m.channel_id DESC, m.id DESC LIMIT $3";
constexpr std::string_view kOldestAfter =
    "WHERE m.channel_id <= $1 AND (m.channel_id, m.id) > ($1, $2) AND m.id < $3 "
    "AND NOT m.deleted ORDER BY m.channel_id, m.id LIMIT $4";

const std::string& newest_before_sql() {
  static const std::string sql = PARLEY_PG_MESSAGE_SELECT + std::string(kNewestBefore);
  return sql;
}

const std::string& oldest_after_sql() {
  static const std::string sql = PARLEY_PG_MESSAGE_SELECT + std::string(kOldestAfter);
  return sql;
}

void read_messages(Statement& stmt, std::vector<model::Message>& out) {
  while (stmt.step()) out.push_back(read_message_row(stmt).message);
}

}  // namespace

std::vector<model::Message> PostgresStore::append_messages(
    const std::vector<model::NewMessage>& batch) {
  std::vector<ChannelOp> ops;
  ops.reserve(batch.size());
  for (const auto& message : batch) {
    ChannelOp op;
    op.kind = ChannelOp::Kind::create;
    op.channel_id = message.channel_id;
    op.actor_id = message.sender_id;
    op.content = message.content;
    op.reply_to = message.reply_to;
    ops.push_back(std::move(op));
  }
  std::vector<model::Message> stored;
  stored.reserve(batch.size());
  // One transaction for the check too: a message that cannot be stored stores none.
  transaction([&] {
    for (auto& result : apply_channel_ops(ops)) {
      if (result.status != OpStatus::applied || !result.message) {
        throw Error("23503", "a message could not be stored (unknown channel?)");
      }
      stored.push_back(std::move(*result.message));
    }
  });
  return stored;
}

std::vector<model::Message> PostgresStore::messages_page(const MessagePage& page) {
  int limit = std::clamp(page.limit, 1, kMaxPageSize);
  auto& db = connection();
  std::vector<model::Message> messages;
  if (page.around) {
    // The older half (the message itself included), then the newer half.
    int older = (limit + 1) / 2;
    auto before = db.prepare(newest_before_sql());
    // "id <= around" as "id < around + 1" (an id of INT64_MAX is no message).
    before.bind(1, page.channel_id)
        .bind(2, std::min<std::int64_t>(*page.around, INT64_MAX - 1) + 1)
        .bind(3, older);
    read_messages(before, messages);
    std::reverse(messages.begin(), messages.end());
    auto after = db.prepare(oldest_after_sql());
    after.bind(1, page.channel_id).bind(2, *page.around).bind(3, INT64_MAX).bind(4, limit - older);
    read_messages(after, messages);
  } else if (page.after) {
    auto stmt = db.prepare(oldest_after_sql());
    stmt.bind(1, page.channel_id)
        .bind(2, *page.after)
        .bind(3, page.before.value_or(INT64_MAX))
        .bind(4, limit);
    read_messages(stmt, messages);
  } else {
    // Newest `limit` before the bound, read newest first via the index, returned oldest first.
    auto stmt = db.prepare(newest_before_sql());
    stmt.bind(1, page.channel_id).bind(2, page.before.value_or(INT64_MAX)).bind(3, limit);
    read_messages(stmt, messages);
    std::reverse(messages.begin(), messages.end());
  }
  attach_reactions(db, messages, page.reader_id);
  attach_files(db, messages);
  return messages;
}

std::optional<model::Message> PostgresStore::find_message(Id channel_id, Id message_id,
                                                          Id reader_id) {
  auto& db = connection();
  auto stmt = db.prepare(PARLEY_PG_MESSAGE_SELECT
                         "WHERE m.id = $1 AND m.channel_id = $2 AND NOT m.deleted");
  stmt.bind(1, message_id).bind(2, channel_id);
  if (!stmt.step()) return std::nullopt;
  std::vector<model::Message> one{read_message_row(stmt).message};
  attach_reactions(db, one, reader_id);
  attach_files(db, one);
  return std::move(one.front());
}

bool PostgresStore::message_exists(Id channel_id, Id sender_id, std::string_view content) {
  auto stmt = connection().prepare(
      "SELECT 1 FROM messages WHERE channel_id = $1 AND sender_id = $2 AND content = $3 "
      "AND NOT deleted LIMIT 1");
  stmt.bind(1, channel_id).bind(2, sender_id).bind(3, content);
  return stmt.step();
}

}  // namespace store::postgres

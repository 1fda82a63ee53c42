// MessageStore on SQLite: history pages and single messages (the event writer's side is
// sqlite_channel_ops.cpp, the log's sqlite_event_log.cpp).
#include <algorithm>
#include <cstdint>

#include "store/sqlite/attachment_rows.hpp"
#include "store/sqlite/message_rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace store::sqlite {
namespace {

constexpr int kMaxPageSize = 200;

void read_messages(Statement& stmt, std::vector<model::Message>& out) {
  while (stmt.step()) out.push_back(read_message_row(stmt).message);
}

}  // namespace

std::vector<model::Message> SqliteStore::append_messages(
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
  for (auto& result : apply_channel_ops(ops)) {
    if (result.status != OpStatus::applied || !result.message) {
      throw Error(SQLITE_CONSTRAINT, "a message could not be stored (unknown channel?)");
    }
    stored.push_back(std::move(*result.message));
  }
  return stored;
}

std::vector<model::Message> SqliteStore::messages_page(const MessagePage& page) {
  int limit = std::clamp(page.limit, 1, kMaxPageSize);
  auto& db = connection();
  std::vector<model::Message> messages;
  if (page.around) {
    // The older half (the message itself included), then the newer half.
    int older = (limit + 1) / 2;
    auto before = db.prepare(PARLEY_MESSAGE_SELECT
                             "WHERE m.channel_id = ? AND m.id <= ? AND m.deleted = 0 "
                             "ORDER BY m.id DESC LIMIT ?");
    before.bind(1, page.channel_id).bind(2, *page.around).bind(3, older);
    read_messages(before, messages);
    std::reverse(messages.begin(), messages.end());
    auto after = db.prepare(PARLEY_MESSAGE_SELECT
                            "WHERE m.channel_id = ? AND m.id > ? AND m.deleted = 0 "
                            "ORDER BY m.id ASC LIMIT ?");
    after.bind(1, page.channel_id).bind(2, *page.around).bind(3, limit - older);
    read_messages(after, messages);
  } else if (page.after) {
    auto stmt = db.prepare(PARLEY_MESSAGE_SELECT
                           "WHERE m.channel_id = ? AND m.id > ? AND m.id < ? AND m.deleted = 0 "
                           "ORDER BY m.id ASC LIMIT ?");
    stmt.bind(1, page.channel_id)
        .bind(2, *page.after)
        .bind(3, page.before.value_or(INT64_MAX))
        .bind(4, limit);
    read_messages(stmt, messages);
  } else {
    // Newest `limit` before the bound, read newest first via the index, returned oldest first.
    auto stmt = db.prepare(PARLEY_MESSAGE_SELECT
                           "WHERE m.channel_id = ? AND m.id < ? AND m.deleted = 0 "
                           "ORDER BY m.id DESC LIMIT ?");
    stmt.bind(1, page.channel_id).bind(2, page.before.value_or(INT64_MAX)).bind(3, limit);
    read_messages(stmt, messages);
    std::reverse(messages.begin(), messages.end());
  }
  attach_reactions(db, messages, page.reader_id);
  attach_files(db, messages);
  return messages;
}

std::optional<model::Message> SqliteStore::find_message(Id channel_id, Id message_id,
                                                        Id reader_id) {
  auto& db = connection();
  auto stmt =
      db.prepare(PARLEY_MESSAGE_SELECT "WHERE m.id = ? AND m.channel_id = ? AND m.deleted = 0");
  stmt.bind(1, message_id).bind(2, channel_id);
  if (!stmt.step()) return std::nullopt;
  std::vector<model::Message> one{read_message_row(stmt).message};
  while (stmt.step()) {
  }
  attach_reactions(db, one, reader_id);
  attach_files(db, one);
  return std::move(one.front());
}

bool SqliteStore::message_exists(Id channel_id, Id sender_id, std::string_view content) {
  auto stmt = connection().prepare(
      "SELECT 1 FROM messages WHERE channel_id = ? AND sender_id = ? AND content = ? "
      "AND deleted = 0 LIMIT 1");
  stmt.bind(1, channel_id).bind(2, sender_id).bind(3, content);
  return stmt.step();
}

}  // namespace store::sqlite

// MessageStore on SQLite.
#include <algorithm>
#include <cstdint>

#include "store/sqlite/sqlite_store.hpp"
#include "util/time.hpp"

namespace store::sqlite {
namespace {

constexpr int kMaxPageSize = 200;

}  // namespace

std::vector<chat::Message> SqliteStore::append_messages(
    const std::vector<chat::NewMessage>& batch) {
  auto& db = connection();
  std::vector<chat::Message> stored;
  stored.reserve(batch.size());
  WriteScope scope(db);
  for (const auto& message : batch) {
    auto now = util::now_micros();
    // RETURNING gives the sender's name in the same statement as the insert.
    auto stmt = db.prepare(
        "INSERT INTO messages (channel_id, sender_id, content, created_at) VALUES (?, ?, ?, ?) "
        "RETURNING id, (SELECT username FROM accounts WHERE id = sender_id)");
    stmt.bind(1, message.channel_id)
        .bind(2, message.sender_id)
        .bind(3, message.content)
        .bind(4, now);
    stmt.step();
    stored.push_back(
        {stmt.int64(0), message.channel_id, message.sender_id, stmt.text(1), message.content, now});
    while (stmt.step()) {
    }
  }
  scope.commit();
  return stored;
}

std::vector<chat::Message> SqliteStore::messages_page(const MessagePage& page) {
  int limit = page.limit < 1 ? 1 : page.limit > kMaxPageSize ? kMaxPageSize : page.limit;
  auto& db = connection();
  std::vector<chat::Message> messages;
  auto read = [&](Statement& stmt) {
    while (stmt.step()) {
      messages.push_back({stmt.int64(0), page.channel_id, stmt.int64(1), stmt.text(2), stmt.text(3),
                          stmt.int64(4)});
    }
  };
  if (page.after) {
    auto stmt = db.prepare(
        "SELECT m.id, m.sender_id, a.username, m.content, m.created_at FROM messages m "
        "JOIN accounts a ON a.id = m.sender_id "
        "WHERE m.channel_id = ? AND m.id > ? AND m.id < ? ORDER BY m.id ASC LIMIT ?");
    stmt.bind(1, page.channel_id)
        .bind(2, *page.after)
        .bind(3, page.before.value_or(INT64_MAX))
        .bind(4, limit);
    read(stmt);
    return messages;
  }
  // Newest `limit` before the bound, read newest first via the index, returned oldest first.
  auto stmt = db.prepare(
      "SELECT m.id, m.sender_id, a.username, m.content, m.created_at FROM messages m "
      "JOIN accounts a ON a.id = m.sender_id "
      "WHERE m.channel_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?");
  stmt.bind(1, page.channel_id).bind(2, page.before.value_or(INT64_MAX)).bind(3, limit);
  read(stmt);
  std::reverse(messages.begin(), messages.end());
  return messages;
}

bool SqliteStore::message_exists(Id channel_id, Id sender_id, std::string_view content) {
  auto stmt = connection().prepare(
      "SELECT 1 FROM messages WHERE channel_id = ? AND sender_id = ? AND content = ? LIMIT 1");
  stmt.bind(1, channel_id).bind(2, sender_id).bind(3, content);
  return stmt.step();
}

}  // namespace store::sqlite

#include "store/postgres/message_rows.hpp"

#include <charconv>
#include <unordered_map>

#include "codec/json_text.hpp"
#include "store/postgres/rows.hpp"

namespace store::postgres {

std::string id_array(const std::vector<model::Id>& ids) {
  std::string text = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) text.push_back(',');
    codec::append_int(text, ids[i]);
  }
  text.push_back('}');
  return text;
}

std::string text_array(const std::vector<std::optional<std::string>>& values) {
  std::string text = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) text.push_back(',');
    if (!values[i]) {
      text += "NULL";
      continue;
    }
    text.push_back('"');
    for (char c : *values[i]) {
      if (c == '"' || c == '\\') text.push_back('\\');
      text.push_back(c);
    }
    text.push_back('"');
  }
  text.push_back('}');
  return text;
}

MessageRow read_message_row(const Statement& row) {
  MessageRow out;
  auto& m = out.message;
  m.id = row.int64(0);
  m.channel_id = row.int64(1);
  m.sender_id = row.int64(2);
  m.sender = row.text(3);
  m.content = row.text(4);
  m.timestamp = row.int64(5);
  if (!row.is_null(6)) m.edited_at = row.int64(6);
  if (!row.is_null(7)) {
    model::ReplyPreview reply;
    reply.id = row.int64(7);
    reply.deleted = row.is_null(12) || row.boolean(12);
    if (!reply.deleted) {
      reply.sender_id = row.int64(13);
      reply.sender = row.text(14);
      reply.content = row.text(15);
    }
    m.reply_to = std::move(reply);
  }
  if (!row.is_null(8)) m.mentions = parse_mention_list(row.text(8));
  m.mention_everyone = row.boolean(9);
  m.seq = row.is_null(10) ? 0 : row.int64(10);
  out.deleted = row.boolean(11);
  return out;
}

std::vector<model::Id> parse_mention_list(const std::string& text) {
  std::vector<model::Id> ids;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    model::Id id = 0;
    auto result = std::from_chars(p, end, id);
    if (result.ec != std::errc()) break;
    ids.push_back(id);
    p = result.ptr;
    if (p < end && *p == ',') ++p;
  }
  return ids;
}

std::string mention_list_text(const std::vector<model::Id>& ids) {
  std::string text;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) text.push_back(',');
    codec::append_int(text, ids[i]);
  }
  return text;
}

void attach_reactions(Connection& db, std::vector<model::Message>& messages, model::Id reader_id) {
  if (messages.empty()) return;
  std::unordered_map<model::Id, std::size_t> index;
  std::vector<model::Id> ids;
  ids.reserve(messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    index.emplace(messages[i].id, i);
    ids.push_back(messages[i].id);
  }
  // An emoji's place is when it was first used on the message; ties in byte order, as
  // SQLite's, whatever the database's collation.
  auto stmt = db.prepare(
      "SELECT message_id, emoji, COUNT(*), bool_or(user_id = $1::bigint), MIN(created_at) AS first "
      "FROM reactions WHERE message_id = ANY($2::bigint[]) "
      "GROUP BY message_id, emoji ORDER BY message_id, first, emoji COLLATE \"C\"");
  stmt.bind(1, reader_id).bind(2, id_array(ids));
  while (stmt.step()) {
    auto it = index.find(stmt.int64(0));
    if (it == index.end()) continue;
    messages[it->second].reactions.push_back(
        {stmt.text(1), static_cast<int>(stmt.int64(2)), stmt.boolean(3)});
  }
}

}  // namespace store::postgres

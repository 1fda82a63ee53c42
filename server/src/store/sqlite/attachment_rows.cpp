#include "store/sqlite/attachment_rows.hpp"

#include <algorithm>
#include <unordered_map>

#include "codec/json_text.hpp"

namespace store::sqlite {
namespace {

std::string id_list_json(const std::vector<model::Id>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out.push_back(',');
    codec::append_int(out, ids[i]);
  }
  out.push_back(']');
  return out;
}

}  // namespace

model::Attachment read_attachment_row(const Statement& row) {
  model::Attachment a;
  a.id = row.int64(0);
  a.uploader_id = row.is_null(1) ? 0 : row.int64(1);
  a.channel_id = row.is_null(2) ? 0 : row.int64(2);
  if (!row.is_null(3)) a.message_id = row.int64(3);
  a.filename = row.text(4);
  a.content_type = row.text(5);
  a.size = row.int64(6);
  if (!row.is_null(7)) a.width = static_cast<int>(row.int64(7));
  if (!row.is_null(8)) a.height = static_cast<int>(row.int64(8));
  a.storage_key = row.text(9);
  a.thumbnail_key = row.optional_text(10);
  a.url_token = row.text(11);
  a.created_at = row.int64(12);
  return a;
}

void attach_files(Connection& db, std::vector<model::Message>& messages) {
  if (messages.empty()) return;
  std::unordered_map<model::Id, std::size_t> index;
  std::vector<model::Id> ids;
  ids.reserve(messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    index.emplace(messages[i].id, i);
    ids.push_back(messages[i].id);
  }
  auto stmt = db.prepare("SELECT " PARLEY_ATTACHMENT_COLUMNS
                         "FROM attachments WHERE message_id IN (SELECT value FROM json_each(?)) "
                         "ORDER BY message_id, position");
  stmt.bind(1, id_list_json(ids));
  while (stmt.step()) {
    auto attachment = read_attachment_row(stmt);
    auto it = index.find(*attachment.message_id);
    if (it != index.end()) messages[it->second].attachments.push_back(std::move(attachment));
  }
}

bool attachments_claimable(Connection& db, model::Id channel_id, model::Id sender_id,
                           const std::vector<model::Id>& attachment_ids) {
  if (attachment_ids.empty()) return true;
  if (attachment_ids.size() > 10) return false;
  auto distinct = attachment_ids;
  std::sort(distinct.begin(), distinct.end());
  if (std::adjacent_find(distinct.begin(), distinct.end()) != distinct.end()) return false;
  {
    auto stmt = db.prepare(
        "SELECT COUNT(*) FROM attachments WHERE id IN (SELECT value FROM json_each(?)) "
        "AND uploader_id = ? AND channel_id = ? AND message_id IS NULL");
    stmt.bind(1, id_list_json(attachment_ids)).bind(2, sender_id).bind(3, channel_id);
    stmt.step();
    if (stmt.int64(0) != static_cast<std::int64_t>(attachment_ids.size())) return false;
  }
  return true;
}

void assign_attachments(Connection& db, model::Id message_id,
                        const std::vector<model::Id>& attachment_ids) {
  for (std::size_t i = 0; i < attachment_ids.size(); ++i) {
    db.prepare("UPDATE attachments SET message_id = ?, position = ? WHERE id = ?")
        .bind(1, message_id)
        .bind(2, static_cast<std::int64_t>(i))
        .bind(3, attachment_ids[i])
        .run();
  }
}

}  // namespace store::sqlite

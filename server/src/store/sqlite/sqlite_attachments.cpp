// AttachmentStore on SQLite (SPEC §12).
#include "store/sqlite/attachment_rows.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/time.hpp"

namespace store::sqlite {

Id SqliteStore::create_attachment(const NewAttachment& a) {
  auto& db = connection();
  auto stmt = db.prepare(
      "INSERT INTO attachments (uploader_id, channel_id, filename, content_type, size, width, "
      "height, storage_key, thumbnail_key, url_token, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  stmt.bind(1, a.uploader_id).bind(2, a.channel_id).bind(3, a.filename).bind(4, a.content_type);
  stmt.bind(5, a.size);
  if (a.width) {
    stmt.bind(6, *a.width);
  } else {
    stmt.bind_null(6);
  }
  if (a.height) {
    stmt.bind(7, *a.height);
  } else {
    stmt.bind_null(7);
  }
  stmt.bind(8, a.storage_key).bind(9, a.thumbnail_key).bind(10, a.url_token);
  stmt.bind(11, util::now_micros());
  stmt.step();
  Id id = stmt.int64(0);
  while (stmt.step()) {
  }
  return id;
}

std::optional<model::Attachment> SqliteStore::find_attachment(Id attachment_id) {
  auto stmt =
      connection().prepare("SELECT " PARLEY_ATTACHMENT_COLUMNS "FROM attachments WHERE id = ?");
  stmt.bind(1, attachment_id);
  if (!stmt.step()) return std::nullopt;
  return read_attachment_row(stmt);
}

std::vector<model::Attachment> SqliteStore::reapable_attachments(model::Micros unused_before,
                                                                 int limit) {
  auto stmt = connection().prepare(
      "SELECT " PARLEY_ATTACHMENT_COLUMNS
      "FROM attachments WHERE id IN ("
      "SELECT id FROM attachments WHERE channel_id IS NULL "
      "UNION SELECT id FROM attachments WHERE message_id IS NULL AND created_at < ? "
      "UNION SELECT a.id FROM attachments a JOIN messages m ON m.id = a.message_id "
      "WHERE a.message_id IS NOT NULL AND m.deleted = 1) "
      "ORDER BY id LIMIT ?");
  stmt.bind(1, unused_before).bind(2, limit);
  std::vector<model::Attachment> out;
  while (stmt.step()) out.push_back(read_attachment_row(stmt));
  return out;
}

std::vector<Id> SqliteStore::delete_reapable_attachments(const std::vector<Id>& attachment_ids,
                                                         model::Micros unused_before) {
  auto& db = connection();
  WriteScope scope(db);
  std::vector<Id> deleted;
  for (Id id : attachment_ids) {
    auto stmt = db.prepare(
        "DELETE FROM attachments WHERE id = ?1 AND (channel_id IS NULL "
        "OR (message_id IS NULL AND created_at < ?2) "
        "OR EXISTS (SELECT 1 FROM messages m WHERE m.id = attachments.message_id "
        "AND m.deleted = 1)) RETURNING id");
    stmt.bind(1, id).bind(2, unused_before);
    while (stmt.step()) deleted.push_back(stmt.int64(0));
  }
  scope.commit();
  return deleted;
}

}  // namespace store::sqlite

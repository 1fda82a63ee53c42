// AttachmentStore on PostgreSQL, the same statements as SQLite's (sqlite_attachments.cpp).
#include "store/postgres/attachment_rows.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/rows.hpp"
#include "util/time.hpp"

namespace store::postgres {

Id PostgresStore::create_attachment(const NewAttachment& a) {
  auto stmt = connection().prepare(
      "INSERT INTO attachments (uploader_id, channel_id, filename, content_type, size, width, "
      "height, storage_key, thumbnail_key, url_token, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id");
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
  return stmt.int64(0);
}

std::optional<model::Attachment> PostgresStore::find_attachment(Id attachment_id) {
  auto stmt =
      connection().prepare("SELECT " PARLEY_PG_ATTACHMENT_COLUMNS "FROM attachments WHERE id = $1");
  stmt.bind(1, attachment_id);
  if (!stmt.step()) return std::nullopt;
  return read_attachment_row(stmt);
}

std::vector<model::Attachment> PostgresStore::reapable_attachments(model::Micros unused_before,
                                                                   int limit) {
  auto stmt = connection().prepare(
      "SELECT " PARLEY_PG_ATTACHMENT_COLUMNS
      "FROM attachments WHERE id IN ("
      "SELECT id FROM attachments WHERE channel_id IS NULL "
      "UNION SELECT id FROM attachments WHERE message_id IS NULL AND created_at < $1 "
      "UNION SELECT a.id FROM attachments a JOIN messages m ON m.id = a.message_id "
      "WHERE a.message_id IS NOT NULL AND m.deleted) "
      "ORDER BY id LIMIT $2");
  stmt.bind(1, unused_before).bind(2, limit);
  std::vector<model::Attachment> out;
  while (stmt.step()) out.push_back(read_attachment_row(stmt));
  return out;
}

std::vector<Id> PostgresStore::delete_reapable_attachments(const std::vector<Id>& attachment_ids,
                                                           model::Micros unused_before) {
  std::vector<Id> deleted;
  if (attachment_ids.empty()) return deleted;
  // The conditions sit in the DELETE's own WHERE: a row a message took meanwhile is checked
  // again in its new version (READ COMMITTED re-evaluates them on the locked row) and stays.
  auto stmt = connection().prepare(
      "DELETE FROM attachments a WHERE a.id = ANY($1::bigint[]) AND (a.channel_id IS NULL "
      "OR (a.message_id IS NULL AND a.created_at < $2) "
      "OR EXISTS (SELECT 1 FROM messages m WHERE m.id = a.message_id AND m.deleted)) "
      "RETURNING a.id");
  stmt.bind(1, id_array(attachment_ids)).bind(2, unused_before);
  while (stmt.step()) deleted.push_back(stmt.int64(0));
  return deleted;
}

}  // namespace store::postgres

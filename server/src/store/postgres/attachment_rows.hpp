// Reading attachment rows on PostgreSQL, the same statements as SQLite's
// (store/sqlite/attachment_rows.hpp).
#pragma once
#include <vector>

#include "model/message.hpp"
#include "store/postgres/connection.hpp"

namespace store::postgres {

#define PARLEY_PG_ATTACHMENT_COLUMNS                                               \
  "id, uploader_id, channel_id, message_id, filename, content_type, size, width, " \
  "height, storage_key, thumbnail_key, url_token, created_at "

model::Attachment read_attachment_row(const Statement& row);

// Fills the attachments of these messages (one statement), in the order they were named.
void attach_files(Connection& db, std::vector<model::Message>& messages);

// The create op's check, before its insert: every id must be the sender's unused upload of this
// channel, named once; false (nothing changed) otherwise. Rows are locked so that two messages
// cannot claim the same upload.
bool attachments_claimable(Connection& db, model::Id channel_id, model::Id sender_id,
                           const std::vector<model::Id>& attachment_ids);
// Gives them to the message, in this order (after attachments_claimable said yes).
void assign_attachments(Connection& db, model::Id message_id,
                        const std::vector<model::Id>& attachment_ids);

}  // namespace store::postgres

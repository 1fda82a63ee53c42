// Reading attachment rows on SQLite, shared by the AttachmentStore methods, the message reads
// (history, single messages, the event log) and the event writer's create op.
#pragma once
#include <vector>

#include "model/message.hpp"
#include "store/sqlite/connection.hpp"

namespace store::sqlite {

// SELECT <this> FROM attachments ... : every column read_attachment_row reads, in its order.
#define PARLEY_ATTACHMENT_COLUMNS                                                  \
  "id, uploader_id, channel_id, message_id, filename, content_type, size, width, " \
  "height, storage_key, thumbnail_key, url_token, created_at "

model::Attachment read_attachment_row(const Statement& row);

// Fills the attachments of these messages (one statement), in the order they were named.
void attach_files(Connection& db, std::vector<model::Message>& messages);

// The create op's check, before its insert: every id must be the sender's unused upload of this
// channel, named once. false (nothing changed) otherwise.
bool attachments_claimable(Connection& db, model::Id channel_id, model::Id sender_id,
                           const std::vector<model::Id>& attachment_ids);
// Gives them to the message, in this order (after attachments_claimable said yes).
void assign_attachments(Connection& db, model::Id message_id,
                        const std::vector<model::Id>& attachment_ids);

}  // namespace store::sqlite

// Attachments (SPEC §12): the metadata rows of uploaded files. The files themselves live in a
// BlobStore; a row holds their handles. A message claims its uploads in the event writer's
// transaction (ChannelOp::attachments); deleting the message, its channel or its server
// leaves rows the janitor reaps (removing the blobs first).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "model/attachment.hpp"

namespace store {

// A message names at most this many uploads.
constexpr int kMaxAttachmentsPerMessage = 10;

struct NewAttachment {
  model::Id uploader_id = 0;
  model::Id channel_id = 0;
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  std::optional<int> width;
  std::optional<int> height;
  std::string storage_key;
  std::optional<std::string> thumbnail_key;
  std::string url_token;
};

class AttachmentStore {
 public:
  virtual ~AttachmentStore() = default;
  virtual model::Id create_attachment(const NewAttachment& attachment) = 0;
  virtual std::optional<model::Attachment> find_attachment(model::Id attachment_id) = 0;
  // Rows to reap, oldest first, at most limit: uploads no message used that were made before
  // unused_before, and those whose message was deleted or whose channel is gone.
  virtual std::vector<model::Attachment> reapable_attachments(model::Micros unused_before,
                                                              int limit) = 0;
  // Deletes those of these rows that are still reapable (by the same rules, unused_before
  // included) and returns their ids: an upload a message took meanwhile stays. The caller
  // removes the blobs of the rows returned, after, so that no message can come to name an
  // attachment whose file is gone.
  virtual std::vector<model::Id> delete_reapable_attachments(
      const std::vector<model::Id>& attachment_ids, model::Micros unused_before) = 0;
};

}  // namespace store

// A file uploaded into a channel (SPEC §12): metadata and the handles of its blobs. It is
// "unused" until a message of its uploader names it.
#pragma once
#include <optional>
#include <string>

#include "model/ids.hpp"

namespace model {

struct Attachment {
  Id id = 0;
  Id uploader_id = 0;
  Id channel_id = 0;             // 0: its channel is gone (the janitor removes it)
  std::optional<Id> message_id;  // unset: not used by a message yet
  std::string filename;          // sanitised (chat/filename_rules)
  std::string content_type;      // detected from the bytes, never the client's
  std::int64_t size = 0;         // bytes of the stored file
  std::optional<int> width;      // images only
  std::optional<int> height;
  std::string storage_key;                   // BlobStore handle of the file
  std::optional<std::string> thumbnail_key;  // BlobStore handle of the WebP preview
  std::string url_token;                     // the unguessable part of its URLs
  Micros created_at = 0;
};

}  // namespace model

// What the attachment routes need (SPEC §12): the message routes' deps (who the caller is in
// a channel), the image pool that sniffs, re-encodes and stores uploads, the BlobStore and
// the upload size limit.
#pragma once
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <memory>

#include "api/message_deps.hpp"
#include "storage/blob_store.hpp"

namespace api {

struct AttachmentDeps {
  MessageDepsPtr messages;
  boost::asio::thread_pool& image_pool;
  storage::BlobStore& blobs;
  std::uint64_t max_upload_bytes = 25 * 1024 * 1024;
};

using AttachmentDepsPtr = std::shared_ptr<const AttachmentDeps>;

void register_attachment_upload_routes(http::Router& router, AttachmentDepsPtr deps);
void register_attachment_serving_routes(http::Router& router, AttachmentDepsPtr deps);

}  // namespace api

// POST /api/channels/{id}/attachments/ (SPEC §12): a multipart upload with one `file`,
// spooled to disk while it arrives (http/multipart_spool), then on the image pool: its type
// sniffed from the bytes, images re-encoded without metadata with a thumbnail, the files moved
// into the BlobStore; then its row. The upload is the caller's, unused until a message of
// theirs in this channel names it.
#include <fstream>

#include "api/attachment_deps.hpp"
#include "api/channel_change.hpp"
#include "api/request_io.hpp"
#include "chat/attachment_image.hpp"
#include "chat/content_sniffing.hpp"
#include "chat/permissions.hpp"
#include "chat/upload_filename.hpp"
#include "codec/attachment_json.hpp"
#include "http/multipart_spool.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"
#include "util/random_token.hpp"

namespace api {
namespace {

namespace fs = std::filesystem;

// What the image pool hands back: the row to insert, or why the upload was refused.
struct StoredUpload {
  std::string error;
  store::NewAttachment row;
};

std::string read_head(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(chat::kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

StoredUpload sniff_and_store(const AttachmentDeps& deps, http::MultipartSpool& spool) {
  StoredUpload out;
  auto& row = out.row;
  row.filename = *spool.filename();
  row.content_type = chat::sniff_content_type(read_head(spool.file_path()));
  out.error = chat::mislabel_problem(row.filename, spool.declared_type(), row.content_type);
  if (!out.error.empty()) return out;
  if (chat::is_processed_image(row.content_type)) {
    auto processed = chat::process_attachment_image(spool.file_path(), row.content_type,
                                                    deps.blobs.spool_directory());
    if (auto* rejected = std::get_if<chat::ImageRejected>(&processed)) {
      out.error = rejected->message;
      return out;
    }
    auto& image = std::get<chat::ProcessedImage>(processed);
    row.size = static_cast<std::int64_t>(image.size);
    row.width = image.width;
    row.height = image.height;
    row.storage_key = deps.blobs.put(image.file);
    row.thumbnail_key = deps.blobs.put(image.thumbnail);
  } else {
    row.size = static_cast<std::int64_t>(spool.file_size());
    row.storage_key = deps.blobs.put(spool.release_file());
  }
  row.url_token = util::random_token();
  return out;
}

void remove_blobs(storage::BlobStore& blobs, const store::NewAttachment& row) {
  if (!row.storage_key.empty()) blobs.remove(row.storage_key);
  if (row.thumbnail_key) blobs.remove(*row.thumbnail_key);
}

http::Response too_large(std::uint64_t limit) {
  boost::json::object body;
  body["file"] = boost::json::array{boost::json::string("The file is larger than the limit of " +
                                                        std::to_string(limit) + " bytes.")};
  return http::json_response(http::Status::payload_too_large, boost::json::value(body));
}

// The received body's problem as the answer, or nullopt when it holds a file to store.
std::optional<http::Response> refuse_body(const AttachmentDeps& deps, http::RequestContext& ctx) {
  auto* spool = ctx.spool.get();
  if (!spool || !spool->multipart()) {
    auto content_type = ctx.request[http::bhttp::field::content_type];
    return http::error_response(
        http::Status::unsupported_media_type,
        "Unsupported media type \"" + std::string(content_type) +
            "\" in request. Send multipart/form-data with a file field named \"file\".");
  }
  if (spool->has_file() && spool->file_size() > deps.max_upload_bytes) {
    return too_large(deps.max_upload_bytes);
  }
  if (!spool->error().empty()) return field_error("file", spool->error());
  if (!spool->has_file()) return field_error("file", "No file was submitted.");
  if (spool->file_size() == 0) return field_error("file", "The submitted file is empty.");
  if (auto problem = chat::filename_problem(*spool->filename()); !problem.empty()) {
    return field_error("file", problem);
  }
  return std::nullopt;
}

http::Task<http::Response> handle_upload(const AttachmentDeps& deps, http::RequestContext& ctx) {
  ChannelCaller caller;
  if (auto refusal = co_await find_channel_caller(*deps.messages, ctx, caller)) {
    co_return std::move(*refusal);
  }
  if (!chat::has(caller.access.permissions, chat::perm::attach_files)) {
    co_return permission_denied();
  }
  if (auto refusal = refuse_body(deps, ctx)) co_return std::move(*refusal);

  auto& spool = *ctx.spool;
  auto stored =
      co_await util::offload(deps.image_pool, [&] { return sniff_and_store(deps, spool); });
  if (!stored.error.empty()) co_return field_error("file", stored.error);
  auto& row = stored.row;
  row.uploader_id = caller.actor.user_id;
  row.channel_id = caller.channel_id;
  auto& store = deps.messages->store;
  std::optional<model::Attachment> created;
  try {
    created = co_await util::offload(deps.messages->db_pool, [&] {
      return store.find_attachment(store.create_attachment(row));
    });
  } catch (...) {
    remove_blobs(deps.blobs, row);
    throw;
  }
  if (!created) co_return http::not_found();
  std::string body;
  codec::append_attachment_json(body, *created);
  co_return http::json_response(http::Status::created, std::move(body));
}

}  // namespace

void register_attachment_upload_routes(http::Router& router, AttachmentDepsPtr deps) {
  http::RouteOptions options{
      .auth = http::AuthPolicy::required,
      // The file, and room for the multipart framing and a few small fields.
      .body_limit = static_cast<std::size_t>(deps->max_upload_bytes) + 64 * 1024,
      .spool = http::SpoolOptions{.directory = deps->blobs.spool_directory()},
  };
  router.add(
      http::Verb::post, "/api/channels/{id:int}/attachments/",
      [deps](http::RequestContext& ctx) { return handle_upload(*deps, ctx); }, options);
}

}  // namespace api

// GET /api/attachments/{id}/{token}/{filename} and .../thumbnail/{name} (SPEC §12). The URL's
// token makes it unguessable; on top of that the reader must be logged in and allowed to read
// the channel (a DM only by its recipients), and an unused upload is its uploader's alone:
// 404 otherwise, the same answer as for a wrong token. Safe types are shown inline, the rest
// is a download; every answer says nosniff and a sandboxing CSP.
#include <openssl/crypto.h>

#include "api/attachment_deps.hpp"
#include "api/request_io.hpp"
#include "chat/access_cache.hpp"
#include "chat/channel_access.hpp"
#include "chat/content_sniffing.hpp"
#include "chat/permissions.hpp"
#include "http/content_disposition.hpp"
#include "http/file_response.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

namespace fs = std::filesystem;

bool same_token(const std::string& expected, std::string_view given) {
  return expected.size() == given.size() &&
         CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

// The attachment the reader may fetch through this URL, or nullopt (then 404).
struct Readable {
  bool ok = false;
  model::Attachment attachment;
  std::optional<fs::path> path;
};

Readable find_readable(const AttachmentDeps& deps, std::int64_t id, std::string_view token,
                       std::int64_t reader_id, bool thumbnail) {
  Readable out;
  auto& store = deps.messages->store;
  auto found = store.find_attachment(id);
  if (!found || !same_token(found->url_token, token) || found->channel_id == 0) return out;
  if (found->message_id) {
    if (!store.find_message(found->channel_id, *found->message_id, 0)) return out;  // deleted
  } else if (found->uploader_id != reader_id) {
    return out;
  }
  auto access = chat::resolve_channel_access(store, found->channel_id, reader_id);
  if (!access.found) return out;
  if (!chat::has(access.permissions, chat::perm::view_channel | chat::perm::read_message_history)) {
    return out;
  }
  const auto& key =
      thumbnail ? found->thumbnail_key : std::optional<std::string>(found->storage_key);
  if (!key) return out;
  out.path = deps.blobs.local_path(*key);
  if (!out.path) return out;
  out.attachment = std::move(*found);
  out.ok = true;
  return out;
}

http::Task<http::Response> handle_fetch(const AttachmentDeps& deps, http::RequestContext& ctx,
                                        bool thumbnail) {
  auto id = parse_id(ctx.param("id"));
  if (!id || !ctx.principal) co_return http::not_found();
  std::string token(ctx.param("token"));
  auto reader_id = ctx.principal->user_id;
  auto attachment_id = *id;
  auto readable = co_await util::offload(deps.messages->db_pool, [&] {
    return find_readable(deps, attachment_id, token, reader_id, thumbnail);
  });
  if (!readable.ok) co_return http::not_found();
  const auto& a = readable.attachment;
  std::error_code ec;
  auto size = fs::file_size(*readable.path, ec);
  if (ec) co_return http::not_found();
  auto response = http::file_response(*readable.path, size);
  std::string type = thumbnail ? "image/webp" : a.content_type;
  bool inline_ok = thumbnail || chat::is_safe_inline(a.content_type);
  if (!inline_ok) type = "application/octet-stream";
  if (type == "text/plain") type += "; charset=utf-8";
  response.set(http::bhttp::field::content_type, type);
  auto name = thumbnail ? std::string("thumbnail.webp") : a.filename;
  response.set(http::bhttp::field::content_disposition,
               http::content_disposition(inline_ok ? "inline" : "attachment", name));
  response.set("Content-Security-Policy", "default-src 'none'; sandbox");
  response.set("Cross-Origin-Resource-Policy", "same-origin");
  // Private: the URL is a capability, no shared cache may keep it.
  response.set(http::bhttp::field::cache_control, "private, max-age=3600");
  co_return response;
}

}  // namespace

void register_attachment_serving_routes(http::Router& router, AttachmentDepsPtr deps) {
  http::RouteOptions options{.auth = http::AuthPolicy::optional};
  router.add(
      http::Verb::get, "/api/attachments/{id:int}/{token}/thumbnail/{name}/",
      [deps](http::RequestContext& ctx) { return handle_fetch(*deps, ctx, true); }, options);
  router.add(
      http::Verb::get, "/api/attachments/{id:int}/{token}/{filename}/",
      [deps](http::RequestContext& ctx) { return handle_fetch(*deps, ctx, false); }, options);
}

}  // namespace api

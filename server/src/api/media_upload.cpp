// Icon and banner uploads (docs/API.md): multipart/form-data with a `file` field, checked and
// re-encoded by chat::process_image on the image pool, stored under the media root with an
// unguessable name; the file it replaces is removed.
#include <openssl/rand.h>

#include <fstream>
#include <variant>

#include "api/community_deps.hpp"
#include "api/community_json.hpp"
#include "api/request_io.hpp"
#include "chat/image_processing.hpp"
#include "chat/permissions.hpp"
#include "http/multipart.hpp"
#include "http/response.hpp"
#include "util/log.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

namespace fs = std::filesystem;

std::string random_name() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// A stored media path we may delete: relative, no "..".
bool deletable(const std::string& path) {
  return !path.empty() && path.front() != '/' && path.find("..") == std::string::npos;
}

void remove_media(const fs::path& root, const std::optional<std::string>& path) {
  if (!path || !deletable(*path)) return;
  std::error_code ec;
  fs::remove(root / *path, ec);
}

struct UploadTarget {
  std::string directory;  // relative to the media root, e.g. "server/12"
  std::string prefix;     // "icon", "banner"
  chat::ImageKind kind;
};

// What the image pool hands back: the stored relative path, or why the upload was refused.
struct StoredImage {
  std::string path;
  std::string error;
};

StoredImage decode_and_store(const fs::path& root, const UploadTarget& target,
                             const http::MultipartPart& file) {
  auto processed =
      chat::process_image(file.body, file.filename.value_or(""), file.content_type, target.kind);
  if (auto* rejected = std::get_if<chat::ImageRejected>(&processed)) return {{}, rejected->message};
  auto& image = std::get<chat::EncodedImage>(processed);
  StoredImage stored;
  stored.path =
      target.directory + "/" + target.prefix + "-" + random_name() + "." + image.extension;
  fs::create_directories(root / target.directory);
  auto final_path = root / stored.path;
  auto temp_path = final_path;
  temp_path += ".part";
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    out.write(image.bytes.data(), static_cast<std::streamsize>(image.bytes.size()));
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + temp_path.string());
  }
  fs::rename(temp_path, final_path);
  return stored;
}

// Parses the multipart body and stores its `file`. Either a relative path or the answer.
http::Task<std::variant<std::string, http::Response>> receive_image(const CommunityDeps& deps,
                                                                    http::RequestContext& ctx,
                                                                    const UploadTarget& target) {
  auto content_type = ctx.request[http::bhttp::field::content_type];
  auto boundary = http::multipart_boundary(content_type);
  if (!boundary) {
    co_return http::error_response(
        http::Status::unsupported_media_type,
        "Unsupported media type \"" + std::string(content_type) +
            "\" in request. Send multipart/form-data with a file field named \"file\".");
  }
  auto form = http::parse_multipart(ctx.request.body(), *boundary);
  if (!form.error.empty()) co_return field_error("file", form.error);
  const auto* file = http::find_part(form, "file");
  if (!file) co_return field_error("file", "No file was submitted.");
  if (!file->filename) {
    co_return field_error(
        "file", "The submitted data was not a file. Check the encoding type on the form.");
  }
  if (file->body.size() > chat::kMaxImageBytes) {
    boost::json::object body;
    body["file"] = boost::json::array{boost::json::string("The file is larger than 5 MB.")};
    co_return http::json_response(http::Status::payload_too_large, boost::json::value(body));
  }
  const auto& root = deps.media_root;
  auto stored = co_await util::offload(deps.image_pool,
                                       [&] { return decode_and_store(root, target, *file); });
  if (!stored.error.empty()) co_return field_error("file", stored.error);
  co_return std::move(stored.path);
}

// PUT (upload) or DELETE (clear) a server's icon or banner.
http::Task<http::Response> handle_server_image(const CommunityDeps& deps, http::RequestContext& ctx,
                                               store::ImageSlot slot, bool upload) {
  std::int64_t id = 0;
  if (auto refusal = co_await refuse_unless_allowed(deps, ctx, id, chat::perm::manage_guild)) {
    co_return std::move(*refusal);
  }

  std::optional<std::string> path;
  if (upload) {
    bool icon = slot == store::ImageSlot::icon;
    UploadTarget target{"server/" + std::to_string(id), icon ? "icon" : "banner",
                        icon ? chat::ImageKind::icon : chat::ImageKind::banner};
    auto received = co_await receive_image(deps, ctx, target);
    if (auto* refused = std::get_if<http::Response>(&received)) co_return std::move(*refused);
    path = std::move(std::get<std::string>(received));
  }
  auto swap = co_await util::offload(
      deps.db_pool, [&] { return deps.store.replace_server_image(id, slot, path); });
  const auto& root = deps.media_root;
  auto stale = swap.found ? swap.previous : path;  // the server vanished: drop the new file
  co_await util::offload(deps.image_pool, [&] { remove_media(root, stale); });
  if (!swap.found) co_return http::not_found();
  auto updated = co_await util::offload(deps.db_pool, [&] { return deps.store.find_server(id); });
  if (!updated) co_return http::not_found();
  deps.events.server_updated(*updated);
  co_return http::json_response(http::Status::ok, boost::json::value(server_json(*updated)));
}

http::Task<http::Response> handle_category_icon(const CommunityDeps& deps,
                                                http::RequestContext& ctx, bool upload) {
  if (!co_await is_staff(deps, ctx.principal->user_id)) co_return permission_denied();
  auto id = parse_id(ctx.param("id"));
  if (!id) co_return http::not_found();
  auto category =
      co_await util::offload(deps.db_pool, [&] { return deps.store.find_category(*id); });
  if (!category) co_return http::not_found();

  std::optional<std::string> path;
  if (upload) {
    UploadTarget target{"category/" + std::to_string(*id), "icon", chat::ImageKind::icon};
    auto received = co_await receive_image(deps, ctx, target);
    if (auto* refused = std::get_if<http::Response>(&received)) co_return std::move(*refused);
    path = std::move(std::get<std::string>(received));
  }
  auto swap = co_await util::offload(deps.db_pool,
                                     [&] { return deps.store.replace_category_icon(*id, path); });
  const auto& root = deps.media_root;
  auto stale = swap.found ? swap.previous : path;
  co_await util::offload(deps.image_pool, [&] { remove_media(root, stale); });
  if (!swap.found) co_return http::not_found();
  auto updated =
      co_await util::offload(deps.db_pool, [&] { return deps.store.find_category(*id); });
  if (!updated) co_return http::not_found();
  co_return http::json_response(http::Status::ok, boost::json::value(category_json(*updated)));
}

}  // namespace

void register_media_routes(http::Router& router, DepsPtr deps) {
  using http::AuthPolicy;
  using http::Verb;
  http::RouteOptions upload{.auth = AuthPolicy::required, .body_limit = http::kUploadBodyLimit};
  http::RouteOptions clear{.auth = AuthPolicy::required};
  for (auto slot : {store::ImageSlot::icon, store::ImageSlot::banner}) {
    std::string path = slot == store::ImageSlot::icon ? "/api/servers/{id:int}/icon/"
                                                      : "/api/servers/{id:int}/banner/";
    router.add(
        Verb::put, path,
        [deps, slot](http::RequestContext& ctx) {
          return handle_server_image(*deps, ctx, slot, true);
        },
        upload);
    router.add(
        Verb::delete_, path,
        [deps, slot](http::RequestContext& ctx) {
          return handle_server_image(*deps, ctx, slot, false);
        },
        clear);
  }
  router.add(
      Verb::put, "/api/server/category/{id:int}/icon/",
      [deps](http::RequestContext& ctx) { return handle_category_icon(*deps, ctx, true); }, upload);
  router.add(
      Verb::delete_, "/api/server/category/{id:int}/icon/",
      [deps](http::RequestContext& ctx) { return handle_category_icon(*deps, ctx, false); }, clear);
}

}  // namespace api

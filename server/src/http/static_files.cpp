#include "http/static_files.hpp"

#include <boost/beast/http/field.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "http/response.hpp"
#include "http/security_headers.hpp"
#include "util/offload.hpp"

namespace http {
namespace fs = std::filesystem;
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> read_file(const fs::path& path, std::size_t limit) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  auto size = fs::file_size(path, ec);
  if (ec || size > limit) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string content(size, '\0');
  in.read(content.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::size_t>(in.gcount()) != size) return std::nullopt;
  return content;
}

std::string content_etag(std::string_view content) {
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : content) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "\"%016llx-%zx\"", static_cast<unsigned long long>(hash),
                content.size());
  return buf;
}

bool accepts_gzip(const Request& request) {
  auto accept = request[bhttp::field::accept_encoding];
  return accept.find("gzip") != std::string_view::npos;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match == "*") return true;
  return if_none_match.find(etag) != std::string_view::npos;
}

}  // namespace

std::optional<std::string> safe_relative_path(std::string_view encoded) {
  std::string decoded;
  decoded.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    char c = encoded[i];
    if (c == '%') {
      if (i + 2 >= encoded.size()) return std::nullopt;
      int hi = hex_value(encoded[i + 1]);
      int lo = hex_value(encoded[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0' || c == '\\') return std::nullopt;
    decoded += c;
  }
  while (!decoded.empty() && decoded.front() == '/') decoded.erase(0, 1);
  if (decoded.empty()) return std::string();
  std::size_t start = 0;
  for (;;) {
    auto slash = decoded.find('/', start);
    std::string_view segment(decoded.data() + start,
                             (slash == std::string::npos ? decoded.size() : slash) - start);
    if (segment.empty() || segment == "." || segment == "..") {
      // A trailing slash leaves one empty last segment, which names a directory: refuse.
      return std::nullopt;
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return decoded;
}

std::string_view mime_type_for(std::string_view filename) {
  auto dot = filename.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string ext(filename.substr(dot + 1));
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::unordered_map<std::string, std::string_view> kTypes = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"wasm", "application/wasm"},
      {"yaml", "application/yaml"},
  };
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? std::string_view("application/octet-stream") : it->second;
}

StaticFiles::StaticFiles(fs::path root, Options options, boost::asio::thread_pool& pool)
    : root_(std::move(root)), options_(std::move(options)), pool_(pool) {}

std::shared_ptr<const StaticFiles::File> StaticFiles::load(const std::string& relative) {
  fs::path path = root_ / relative;
  std::error_code ec;
  auto mtime = fs::last_write_time(path, ec);
  if (ec) return nullptr;
  fs::path gz_path = path;
  gz_path += ".gz";
  std::error_code gz_ec;
  auto gz_mtime = fs::last_write_time(gz_path, gz_ec);
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(relative);
    if (it != cache_.end() && it->second->mtime == mtime &&
        (gz_ec ? !it->second->gzipped : it->second->gz_mtime == gz_mtime)) {
      return it->second;
    }
  }
  auto content = read_file(path, options_.max_file_bytes);
  if (!content) return nullptr;
  auto file = std::make_shared<File>();
  file->etag = content_etag(*content);
  file->content = std::move(*content);
  file->mtime = mtime;
  if (!gz_ec) {
    file->gzipped = read_file(gz_path, options_.max_file_bytes);
    file->gz_mtime = gz_mtime;
  }
  std::lock_guard lock(mutex_);
  if (cache_.size() > 4096) cache_.clear();  // bound memory; entries reload on demand
  cache_[relative] = file;
  return file;
}

Task<Response> StaticFiles::serve(const Request& request, std::string_view relative_path) {
  auto relative = safe_relative_path(relative_path);
  if (!relative) co_return error_response(Status::bad_request, "Invalid path.");
  std::string name = *relative;
  bool is_index = false;
  if (name.empty()) {
    if (!options_.spa_fallback) co_return not_found();
    name = "index.html";
  }
  // Named lambdas, captured by reference: a temporary with a non-trivial destructor
  // inside a co_await expression is destroyed twice by GCC 12.
  auto load_named = [this, &name] { return load(name); };
  auto file = co_await util::offload(pool_, load_named);
  bool hashed_asset = name.starts_with("assets/");
  if (!file && options_.spa_fallback && !hashed_asset) {
    name = "index.html";
    file = co_await util::offload(pool_, load_named);
  }
  if (!file) co_return not_found();
  is_index = name == "index.html";

  Response response{Status::ok, request.version()};
  response.set(bhttp::field::content_type, mime_type_for(name));
  response.set(bhttp::field::etag, file->etag);
  if (hashed_asset) {
    response.set(bhttp::field::cache_control, "public, max-age=31536000, immutable");
  } else if (is_index) {
    response.set(bhttp::field::cache_control, "no-cache");
  } else if (!options_.cache_control.empty()) {
    response.set(bhttp::field::cache_control, options_.cache_control);
  }
  if (options_.nosniff) response.set("X-Content-Type-Options", "nosniff");
  if (options_.security_headers) set_security_headers(request, response);
  if (file->gzipped) response.set(bhttp::field::vary, "Accept-Encoding");

  if (etag_matches(request[bhttp::field::if_none_match], file->etag)) {
    response.result(Status::not_modified);
    co_return response;
  }
  if (file->gzipped && accepts_gzip(request)) {
    response.set(bhttp::field::content_encoding, "gzip");
    response.body() = *file->gzipped;
  } else {
    response.body() = file->content;
  }
  response.prepare_payload();
  co_return response;
}

}  // namespace http

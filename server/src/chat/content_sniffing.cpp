#include "chat/content_sniffing.hpp"

#include <magic.h>

#include <array>
#include <memory>
#include <stdexcept>

#include "chat/upload_filename.hpp"

namespace chat {
namespace {

struct MagicCookie {
  magic_t cookie = nullptr;
  MagicCookie() {
    // MAGIC_NO_CHECK_COMPRESS: never decompress (a zip bomb stays a zip).
    cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR);
    if (!cookie || magic_load(cookie, nullptr) != 0) {
      throw std::runtime_error("libmagic could not load its database");
    }
  }
  ~MagicCookie() {
    if (cookie) magic_close(cookie);
  }
};

struct ImageType {
  std::string_view mime;
  std::array<std::string_view, 2> extensions;
};

constexpr std::array<ImageType, 4> kImages = {{
    {"image/jpeg", {"jpg", "jpeg"}},
    {"image/png", {"png", "png"}},
    {"image/gif", {"gif", "gif"}},
    {"image/webp", {"webp", "webp"}},
}};

const ImageType* image_by_extension(std::string_view ext) {
  for (const auto& image : kImages) {
    if (image.extensions[0] == ext || image.extensions[1] == ext) return &image;
  }
  return nullptr;
}

const ImageType* image_by_type(std::string_view type) {
  if (type == "image/pjpeg" || type == "image/jpg") type = "image/jpeg";
  for (const auto& image : kImages) {
    if (image.mime == type) return &image;
  }
  return nullptr;
}

}  // namespace

std::string sniff_content_type(std::string_view head) {
  if (head.empty()) return "application/octet-stream";
  thread_local MagicCookie magic;
  const char* type = magic_buffer(magic.cookie, head.data(), head.size());
  if (!type) return "application/octet-stream";
  std::string out(type);
  // libmagic names text it cannot place "text/plain" and binary "application/octet-stream";
  // an empty answer is the latter.
  if (out.empty() || out.find('/') == std::string::npos) return "application/octet-stream";
  return out;
}

bool is_processed_image(std::string_view content_type) {
  return image_by_type(content_type) != nullptr && content_type.starts_with("image/");
}

std::string mislabel_problem(std::string_view filename, std::string_view declared_type,
                             std::string_view sniffed_type) {
  const ImageType* sniffed = image_by_type(sniffed_type);
  auto extension = filename_extension(filename);
  if (const auto* claimed = image_by_extension(extension); claimed && claimed != sniffed) {
    return "The file extension \"." + extension + "\" does not match its content (" +
           std::string(sniffed_type) + ").";
  }
  if (const auto* claimed = image_by_type(declared_type); claimed && claimed != sniffed) {
    return "The content type \"" + std::string(declared_type) +
           "\" does not match the file content (" + std::string(sniffed_type) + ").";
  }
  return {};
}

bool is_safe_inline(std::string_view content_type) {
  static constexpr std::array<std::string_view, 9> kInline = {
      "image/jpeg", "image/png",  "image/gif", "image/webp", "video/mp4",
      "video/webm", "audio/mpeg", "audio/ogg", "text/plain"};
  for (auto type : kInline) {
    if (type == content_type) return true;
  }
  return false;
}

}  // namespace chat

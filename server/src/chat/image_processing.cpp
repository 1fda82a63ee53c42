#include "chat/image_processing.hpp"

#include <vips/vips8>

#include "chat/image_metadata.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace chat {
namespace {

struct Format {
  std::string_view name;  // as in messages
  std::string_view mime;
  std::array<std::string_view, 2> exts;  // accepted file name extensions
  std::string_view loader;               // in the libvips loader class name (lower-cased)
};

constexpr std::array<Format, 4> kFormats = {{
    {"JPEG", "image/jpeg", {"jpg", "jpeg"}, "jpeg"},
    {"PNG", "image/png", {"png", "png"}, "png"},
    {"GIF", "image/gif", {"gif", "gif"}, "gif"},
    {"WebP", "image/webp", {"webp", "webp"}, "webp"},
}};

constexpr std::string_view kNotAnImage =
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image.";

// The format the bytes are, by their signature.
const Format* sniff(std::string_view d) {
  if (d.size() >= 3 && d.substr(0, 3) == "\xFF\xD8\xFF") return &kFormats[0];
  if (d.size() >= 8 && d.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) {
    return &kFormats[1];
  }
  if (d.size() >= 6 && (d.substr(0, 6) == "GIF87a" || d.substr(0, 6) == "GIF89a")) {
    return &kFormats[2];
  }
  if (d.size() >= 12 && d.substr(0, 4) == "RIFF" && d.substr(8, 4) == "WEBP") return &kFormats[3];
  return nullptr;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

void init_image_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("parley") != 0) throw std::runtime_error("libvips failed to start");
    vips_cache_set_max(0);    // every upload is new: caching operations only holds memory
    vips_concurrency_set(1);  // one thread per image; the pool gives parallelism
  });
}

std::variant<EncodedImage, ImageRejected> process_image(std::string_view data,
                                                        std::string_view filename,
                                                        std::string_view content_type,
                                                        ImageKind kind) {
  init_image_library();
  if (data.empty()) return ImageRejected{"The submitted file is empty."};
  if (data.size() > kMaxImageBytes) {
    return ImageRejected{"The file is larger than 5 MB."};
  }
  const Format* format = sniff(data);
  if (!format) {
    return ImageRejected{std::string(kNotAnImage) + " Accepted formats: JPEG, PNG, GIF and WebP."};
  }
  // The declared name and type must tell the truth about the bytes.
  auto dot = filename.rfind('.');
  if (dot != std::string_view::npos) {
    auto ext = lower(filename.substr(dot + 1));
    if (ext != format->exts[0] && ext != format->exts[1]) {
      return ImageRejected{"The file extension \"." + ext + "\" does not match its content (" +
                           std::string(format->name) + ")."};
    }
  }
  auto type = lower(content_type);
  if (!type.empty() && type != "application/octet-stream" && type != format->mime &&
      !(format->mime == "image/jpeg" && type == "image/pjpeg")) {
    return ImageRejected{"The content type \"" + type + "\" does not match the file content (" +
                         std::string(format->name) + ")."};
  }

  const char* loader = vips_foreign_find_load_buffer(data.data(), data.size());
  // e.g. VipsForeignLoadJpegBuffer: the bytes must reach the loader of the sniffed format.
  if (!loader || lower(loader).find(format->loader) == std::string::npos) {
    vips_error_clear();
    return ImageRejected{std::string(kNotAnImage)};
  }
  try {
    // Opening reads the header only: the size check comes before any pixel is decoded.
    // fail_on=truncated turns libjpeg/libpng's "premature end" warnings into errors.
    auto source = vips::VImage::new_from_buffer(data.data(), data.size(), "",
                                                vips::VImage::option()
                                                    ->set("access", VIPS_ACCESS_SEQUENTIAL)
                                                    ->set("fail_on", VIPS_FAIL_ON_TRUNCATED));
    long long width = source.width();
    long long height = source.height();
    if (width < 1 || height < 1) return ImageRejected{std::string(kNotAnImage)};
    if (width * height > kMaxImagePixels) {
      return ImageRejected{"The image is too large (" + std::to_string(width) + "x" +
                           std::to_string(height) + " pixels; at most 40 megapixels)."};
    }

    auto options = vips::VImage::option()->set("size", VIPS_SIZE_DOWN);
    int target_width;
    if (kind == ImageKind::icon) {
      int side = static_cast<int>(std::min<long long>({width, height, kIconSize}));
      target_width = side;
      options->set("height", side)->set("crop", VIPS_INTERESTING_CENTRE);
    } else {
      target_width = static_cast<int>(std::min<long long>(width, kMaxBannerWidth));
      options->set("height", VIPS_MAX_COORD);
    }
    auto image = source.thumbnail_image(target_width, options);
    if (kind == ImageKind::icon && image.width() != image.height()) {
      int side = std::min(image.width(), image.height());
      image = image.smartcrop(side, side,
                              vips::VImage::option()->set("interesting", VIPS_INTERESTING_CENTRE));
    }
    image = without_metadata(image);
    EncodedImage encoded;
    encoded.bytes = strip_webp_metadata(take_blob(image.webpsave_buffer(
        vips::VImage::option()->set("Q", 85)->set("strip", true)->set("effort", 2))));
    encoded.extension = "webp";
    encoded.width = image.width();
    encoded.height = image.height();
    return encoded;
  } catch (const vips::VError&) {
    vips_error_clear();
    return ImageRejected{std::string(kNotAnImage)};
  }
}

}  // namespace chat

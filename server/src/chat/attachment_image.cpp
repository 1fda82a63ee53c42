#include "chat/attachment_image.hpp"

#include <fstream>
#include <stdexcept>
#include <string>

#include "chat/image_metadata.hpp"
#include "util/random_token.hpp"

namespace chat {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCorrupt =
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image.";

// The loader class name libvips picks (e.g. VipsForeignLoadPngFile) must be the sniffed one.
std::string_view loader_word(std::string_view content_type) {
  if (content_type == "image/jpeg") return "jpeg";
  if (content_type == "image/png") return "png";
  if (content_type == "image/gif") return "gif";
  return "webp";
}

bool animated_format(std::string_view content_type) {
  return content_type == "image/gif" || content_type == "image/webp";
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// Removes the files it names unless disarmed (a refusal leaves nothing behind).
struct SpoolFiles {
  fs::path file;
  fs::path thumbnail;
  bool keep = false;
  ~SpoolFiles() {
    if (keep) return;
    std::error_code ec;
    if (!file.empty()) fs::remove(file, ec);
    if (!thumbnail.empty()) fs::remove(thumbnail, ec);
  }
};

void save_clean(const vips::VImage& image, std::string_view content_type, const fs::path& to) {
  if (content_type == "image/webp") {
    // Through memory: libvips 8.14 may write an EXIF chunk even when stripping; the chunk
    // walk drops it.
    write_file(to, strip_webp_metadata(take_blob(image.webpsave_buffer(
                       vips::VImage::option()->set("Q", 90)->set("strip", true)))));
    return;
  }
  auto options = vips::VImage::option()->set("strip", true);
  if (content_type == "image/jpeg") {
    image.jpegsave(to.c_str(), options->set("Q", 90));
  } else if (content_type == "image/png") {
    image.pngsave(to.c_str(), options);
  } else {
    image.gifsave(to.c_str(), options);
  }
}

}  // namespace

std::variant<ProcessedImage, ImageRejected> process_attachment_image(const fs::path& source,
                                                                     std::string_view content_type,
                                                                     const fs::path& spool) {
  init_image_library();
  const char* loader = vips_foreign_find_load(source.c_str());
  std::string name = loader ? loader : "";
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name.find(loader_word(content_type)) == std::string::npos) {
    vips_error_clear();
    return ImageRejected{std::string(kCorrupt)};
  }
  SpoolFiles files;
  files.file = spool / (util::random_token() + ".img");
  files.thumbnail = spool / (util::random_token() + ".thumb");
  try {
    auto options = vips::VImage::option()
                       ->set("access", VIPS_ACCESS_SEQUENTIAL)
                       ->set("fail_on", VIPS_FAIL_ON_TRUNCATED);
    if (animated_format(content_type)) options->set("n", -1);
    // Opening reads the header only: the size check comes before any pixel is decoded.
    auto image = vips::VImage::new_from_file(source.c_str(), options);
    long long width = image.width();
    long long height = image.height();  // every frame of an animation, stacked
    if (width < 1 || height < 1) return ImageRejected{std::string(kCorrupt)};
    if (width * height > kMaxImagePixels) {
      return ImageRejected{"The image is too large (" + std::to_string(width) + "x" +
                           std::to_string(height) + " pixels; at most 40 megapixels)."};
    }
    if (content_type == "image/jpeg") image = image.autorot();
    image = without_metadata(image);
    int frame_height = image.get_typeof(VIPS_META_PAGE_HEIGHT)
                           ? image.get_int(VIPS_META_PAGE_HEIGHT)
                           : image.height();
    save_clean(image, content_type, files.file);

    auto thumbnail = vips::VImage::thumbnail(
        files.file.c_str(), kThumbnailSize,
        vips::VImage::option()->set("height", kThumbnailSize)->set("size", VIPS_SIZE_DOWN));
    thumbnail = without_metadata(thumbnail);
    write_file(files.thumbnail,
               strip_webp_metadata(take_blob(thumbnail.webpsave_buffer(
                   vips::VImage::option()->set("Q", 80)->set("strip", true)->set("effort", 2)))));

    ProcessedImage out;
    out.size = fs::file_size(files.file);
    out.width = image.width();
    out.height = frame_height;
    out.file = files.file;
    out.thumbnail = files.thumbnail;
    files.keep = true;
    return out;
  } catch (const vips::VError&) {
    vips_error_clear();
    return ImageRejected{std::string(kCorrupt)};
  }
}

}  // namespace chat

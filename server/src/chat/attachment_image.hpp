// Images attached to messages (SPEC §12): JPEG, PNG, GIF and WebP are decoded with libvips,
// turned upright, re-encoded in their own format without metadata (EXIF camera and GPS,
// XMP, IPTC, ICC, comments) and given a WebP thumbnail of at most kThumbnailSize px. The size
// is read from the header before any pixel is decoded, so decompression bombs stop there.
// Blocking and CPU-heavy: run it on the image pool, never on an I/O thread.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <variant>

#include "chat/image_processing.hpp"

namespace chat {

constexpr int kThumbnailSize = 400;

struct ProcessedImage {
  std::filesystem::path file;       // the re-encoded image, in the spool directory
  std::filesystem::path thumbnail;  // its WebP thumbnail, in the spool directory
  std::uint64_t size = 0;           // bytes of file
  int width = 0;                    // of the (upright) image; an animation's frame
  int height = 0;
};

// source: the received file; content_type: what sniffing found (one of the four images).
// New files go to spool; on refusal none is left behind.
std::variant<ProcessedImage, ImageRejected> process_attachment_image(
    const std::filesystem::path& source, std::string_view content_type,
    const std::filesystem::path& spool);

}  // namespace chat

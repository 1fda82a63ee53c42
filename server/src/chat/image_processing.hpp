// Uploaded images (server icons and banners, category icons): checked against what they
// claim to be, decoded with libvips and re-encoded without metadata. Blocking and
// CPU-heavy: run it on a worker pool, never on an I/O thread.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace chat {

constexpr std::size_t kMaxImageBytes = 5 * 1024 * 1024;
constexpr long long kMaxImagePixels = 40'000'000;  // decompression bombs stop here
constexpr int kIconSize = 256;
constexpr int kMaxBannerWidth = 1920;

enum class ImageKind { icon, banner };

struct EncodedImage {
  std::string bytes;
  std::string extension;  // of the re-encoded file: "webp"
  int width = 0;
  int height = 0;
};

struct ImageRejected {
  std::string message;  // for the {"file": [...]} field error
};

// Starts libvips once per process (idempotent, thread-safe).
void init_image_library();

// filename and content_type are what the client declared; they must agree with the bytes.
// Icons become a centre-cropped square of at most kIconSize px, banners at most
// kMaxBannerWidth px wide.
std::variant<EncodedImage, ImageRejected> process_image(std::string_view data,
                                                        std::string_view filename,
                                                        std::string_view content_type,
                                                        ImageKind kind);

}  // namespace chat

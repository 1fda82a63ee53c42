#include "chat/image_metadata.hpp"

#include <cstdint>

namespace chat {
namespace {

std::uint32_t read_le32(std::string_view d, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(d[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(d[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(d[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(d[at + 3])) << 24;
}

void write_le32(std::string& d, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) d[at + static_cast<std::size_t>(i)] = static_cast<char>(v >> (8 * i));
}

}  // namespace

// A copy without EXIF, XMP, IPTC, ICC or comments (webpsave's strip alone leaves EXIF in
// libvips 8.14).
vips::VImage without_metadata(const vips::VImage& image) {
  auto clean = image.copy();
  gchar** fields = vips_image_get_fields(clean.get_image());
  for (gchar** field = fields; field && *field; ++field) {
    std::string_view name(*field);
    if (name.starts_with("exif") || name.starts_with("xmp") || name.starts_with("iptc") ||
        name.starts_with("icc") || name.find("comment") != std::string_view::npos ||
        name == "orientation") {
      clean.remove(*field);
    }
  }
  g_strfreev(fields);
  return clean;
}

std::string take_blob(VipsBlob* out) {
  std::size_t size = 0;
  auto* bytes = static_cast<const char*>(vips_blob_get(out, &size));
  std::string result(bytes, size);
  vips_area_unref(VIPS_AREA(out));
  return result;
}

// Drops the EXIF, XMP and ICC chunks of a WebP file (libvips 8.14 writes a fresh EXIF block
// even when told to strip) and clears their flags in the VP8X header.
std::string strip_webp_metadata(std::string webp) {
  if (webp.size() < 12 || webp.compare(0, 4, "RIFF") != 0 || webp.compare(8, 4, "WEBP") != 0) {
    return webp;
  }
  std::string out = webp.substr(0, 12);
  std::size_t at = 12;
  while (at + 8 <= webp.size()) {
    std::string_view kind(webp.data() + at, 4);
    std::size_t size = read_le32(webp, at + 4);
    std::size_t total = 8 + size + (size & 1);
    if (at + total > webp.size()) return webp;  // malformed: keep what libvips made
    if (kind != "EXIF" && kind != "XMP " && kind != "ICCP") {
      std::size_t start = out.size();
      out.append(webp, at, total);
      if (kind == "VP8X" && size >= 1) out[start + 8] = static_cast<char>(out[start + 8] & ~0x2C);
    }
    at += total;
  }
  write_le32(out, 4, static_cast<std::uint32_t>(out.size() - 8));
  return out;
}

}  // namespace chat

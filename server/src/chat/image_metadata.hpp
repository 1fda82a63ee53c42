// Re-encoding images without what they reveal (EXIF with camera and GPS, XMP, IPTC, ICC,
// comments), shared by icon uploads and attachments.
#pragma once
#include <vips/vips8>

#include <string>

namespace chat {

// A copy without EXIF, XMP, IPTC, ICC or comments (webpsave's strip alone leaves EXIF in
// libvips 8.14).
vips::VImage without_metadata(const vips::VImage& image);

// The bytes of a libvips blob (it is released).
std::string take_blob(VipsBlob* out);

// Drops the EXIF, XMP and ICC chunks of a WebP file and clears their flags in the VP8X header.
std::string strip_webp_metadata(std::string webp);

}  // namespace chat

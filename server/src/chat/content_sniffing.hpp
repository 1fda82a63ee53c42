// What an upload is, read from its bytes with libmagic (SPEC §12: never the client's word),
// and how it may be served. Blocking (libmagic reads its database per thread once): call it
// from a worker pool.
#pragma once
#include <string>
#include <string_view>

namespace chat {

// How many leading bytes the sniffer looks at.
constexpr std::size_t kSniffBytes = 64 * 1024;

// The MIME type of these leading bytes ("image/png", "text/html", ...); "application/
// octet-stream" when libmagic cannot tell.
std::string sniff_content_type(std::string_view head);

// One of the images that are re-encoded and get a thumbnail: JPEG, PNG, GIF, WebP.
bool is_processed_image(std::string_view content_type);

// Whether a declared name or type claims one of those images but the bytes are something
// else: the error sentence, or empty.
std::string mislabel_problem(std::string_view filename, std::string_view declared_type,
                             std::string_view sniffed_type);

// The short list of types a browser may show inline (images, audio, video, plain text);
// everything else is a download (Content-Disposition: attachment). Never HTML nor SVG.
bool is_safe_inline(std::string_view content_type);

}  // namespace chat

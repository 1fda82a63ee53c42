// A bounded multipart/form-data parser (RFC 7578) for uploads: the parts are views into
// the request body, which must outlive them.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace http {

struct MultipartPart {
  std::string name;                     // the form field
  std::optional<std::string> filename;  // present for file fields
  std::string content_type;             // as declared, lower-cased; empty when absent
  std::string_view body;
};

struct MultipartLimits {
  std::size_t max_parts = 16;
  std::size_t max_header_bytes = 4096;  // per part
};

struct MultipartResult {
  std::vector<MultipartPart> parts;
  std::string error;  // empty when the body parsed
};

// The boundary of a "multipart/form-data; boundary=..." content type; nullopt when the type
// is something else or the boundary is missing or invalid (RFC 2046: 1 to 70 characters).
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Reads one part's header lines (without the blank line that ends them) into part's name,
// filename and content type; the error, or empty when they are valid form-data headers.
std::string parse_part_headers(std::string_view headers, MultipartPart& part);

MultipartResult parse_multipart(std::string_view body, std::string_view boundary,
                                const MultipartLimits& limits = {});

// The first part named name, or nullptr.
const MultipartPart* find_part(const MultipartResult& result, std::string_view name);

}  // namespace http

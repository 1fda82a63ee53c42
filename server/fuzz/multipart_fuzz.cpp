// multipart/form-data (http/multipart): the Content-Type's boundary and the body.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/multipart.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // "Content-Type\nbody": the first line is the request's Content-Type.
  auto newline = input.find('\n');
  if (newline == std::string_view::npos) {
    http::multipart_boundary(input);
    return 0;
  }
  std::string_view content_type = input.substr(0, newline);
  // A copy of exactly the body, so that a read past its end is an ASan finding.
  std::string body(input.substr(newline + 1));

  auto boundary = http::multipart_boundary(content_type);
  if (!boundary) boundary = "fuzz-boundary";  // still parse the body with a known boundary
  FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70);

  http::MultipartLimits limits;
  limits.max_parts = 8;
  limits.max_header_bytes = 512;
  auto result = http::parse_multipart(body, *boundary, limits);
  FUZZ_CHECK(result.error.empty() || result.parts.empty());
  FUZZ_CHECK(result.parts.size() <= limits.max_parts);
  for (const auto& part : result.parts) {
    FUZZ_CHECK(part.body.data() >= body.data());
    FUZZ_CHECK(part.body.data() + part.body.size() <= body.data() + body.size());
    FUZZ_CHECK(http::find_part(result, part.name) != nullptr);
  }
  return 0;
}

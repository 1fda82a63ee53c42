#include "http/file_response.hpp"

namespace http {
namespace {

constexpr std::string_view kFileHeader = "X-Parley-Internal-File";

}  // namespace

Response file_response(const std::filesystem::path& path, std::uint64_t size) {
  Response response(Status::ok, 11);
  response.set(kFileHeader, path.string());
  response.content_length(size);
  return response;
}

std::optional<std::filesystem::path> take_file_path(Response& response) {
  auto it = response.find(kFileHeader);
  if (it == response.end()) return std::nullopt;
  std::filesystem::path path(std::string(it->value()));
  response.erase(it);
  return path;
}

}  // namespace http

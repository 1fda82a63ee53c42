// Responses whose body is a file on disk, written by the HTTP server straight from the file
// (Beast's file_body) rather than read into memory first: a handler returns
// file_response(...) with its headers set, and HttpServer streams the file.
#pragma once
#include <filesystem>
#include <optional>

#include "http/types.hpp"

namespace http {

// 200 with Content-Length of the file; the path travels in an internal header the server
// removes before sending.
Response file_response(const std::filesystem::path& path, std::uint64_t size);

// The file a response stands for (and the internal header removed), or nullopt.
std::optional<std::filesystem::path> take_file_path(Response& response);

}  // namespace http

// Serves files from a directory: the built web client (with single-page-app fallback to
// index.html) or uploaded media. Files are read on the blocking pool and cached in memory,
// revalidated by modification time.
#pragma once
#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/types.hpp"

namespace http {

// Percent-decodes an URL path and returns it relative to a root, or nullopt when it could
// escape the root or name something odd: "..", ".", empty segments, NUL, backslashes.
std::optional<std::string> safe_relative_path(std::string_view encoded_path);

std::string_view mime_type_for(std::string_view filename);

class StaticFiles {
 public:
  struct Options {
    bool spa_fallback = false;  // unknown paths answer index.html (the web client)
    bool nosniff = false;       // X-Content-Type-Options: nosniff (uploaded media)
    std::string cache_control;  // for files that are not hashed assets
    std::size_t max_file_bytes = 16 * 1024 * 1024;
    // Content-Security-Policy, nosniff and Referrer-Policy (http/security_headers): the pages
    // of the web client.
    bool security_headers = false;
  };

  StaticFiles(std::filesystem::path root, Options options, boost::asio::thread_pool& pool);

  // relative_path is the part of the URL path below the mount point (encoded).
  // Answers 200/304/404 (GET or HEAD); 400 for a refused path.
  Task<Response> serve(const Request& request, std::string_view relative_path);

  const std::filesystem::path& root() const { return root_; }

 private:
  struct File {
    std::string content;
    std::optional<std::string> gzipped;
    std::string etag;
    std::filesystem::file_time_type mtime;
    std::filesystem::file_time_type gz_mtime;
  };
  // Runs on the pool. nullptr when missing or not a regular file.
  std::shared_ptr<const File> load(const std::string& relative);

  std::filesystem::path root_;
  Options options_;
  boost::asio::thread_pool& pool_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const File>> cache_;
};

}  // namespace http

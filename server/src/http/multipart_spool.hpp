// A multipart/form-data body (RFC 7578) received as it arrives, never held whole: the one
// file part of the form goes straight into a new file of the spool directory, the other
// (small) fields stay in memory. The HTTP server feeds it for routes that ask for it
// (RouteOptions::spool); the handler then finds it in RequestContext::spool.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace http {

struct SpoolOptions {
  std::filesystem::path directory;  // where the file part is written
  std::string file_field = "file";  // the form field that carries the file
  std::size_t max_parts = 8;
  std::size_t max_header_bytes = 16 * 1024;  // per part (a long file name is refused later)
  std::size_t max_field_bytes = 4096;        // each non-file field
};

class MultipartSpool {
 public:
  // content_type: the request's; a type that is not multipart/form-data with a valid
  // boundary makes every feed a no-op and error() say so.
  MultipartSpool(std::string_view content_type, SpoolOptions options);
  MultipartSpool(const MultipartSpool&) = delete;
  MultipartSpool& operator=(const MultipartSpool&) = delete;
  ~MultipartSpool();  // removes the spooled file unless release_file() took it

  // Takes the next bytes of the body; false once the body is malformed (error() says why).
  bool feed(std::string_view bytes);
  // The body ended: false unless the closing delimiter was seen.
  bool finish();

  bool multipart() const { return multipart_; }
  const std::string& error() const { return error_; }

  // The file part, once the body is complete and valid.
  bool has_file() const { return file_seen_; }
  // As declared, with the escapes browsers use in form data (WHATWG: %22 for a quote, %0A,
  // %0D and the other control characters as %XX) turned back into those characters.
  const std::optional<std::string>& filename() const { return filename_; }
  const std::string& declared_type() const { return declared_type_; }
  std::uint64_t file_size() const { return file_size_; }
  const std::filesystem::path& file_path() const { return file_path_; }
  // The caller owns the file from now on (moves it or removes it).
  std::filesystem::path release_file();

  // A non-file field, or nullptr.
  const std::string* field(std::string_view name) const;

 private:
  enum class State { preamble, after_delimiter, headers, body, done, failed };
  bool fail(std::string message);
  bool start_part(std::string_view headers);
  bool emit(std::string_view bytes);
  void close_file();

  SpoolOptions options_;
  bool multipart_ = false;
  std::string delimiter_;  // "\r\n--" + boundary
  State state_ = State::preamble;
  std::string pending_;  // bytes not yet consumed (at most a chunk and a delimiter)
  std::string error_;
  std::size_t parts_ = 0;
  // The part being read: the file (fd_ open) or a field (current_field_ set).
  int fd_ = -1;
  bool in_file_ = false;
  std::optional<std::size_t> current_field_;
  bool file_seen_ = false;
  std::optional<std::string> filename_;
  std::string declared_type_;
  std::uint64_t file_size_ = 0;
  std::filesystem::path file_path_;
  std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace http

#include "http/multipart_spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "http/multipart.hpp"
#include "util/random_token.hpp"

namespace http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Undoes the form-data escapes of a quote and of control characters (and only those: any
// other %XX is the name's own text).
std::string unescape_form_filename(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%' && i + 2 < name.size()) {
      int high = hex_value(name[i + 1]);
      int low = hex_value(name[i + 2]);
      int value = high < 0 || low < 0 ? -1 : high * 16 + low;
      if (value == '"' || (value >= 0 && value < 0x20) || value == 0x7F) {
        out.push_back(static_cast<char>(value));
        i += 2;
        continue;
      }
    }
    out.push_back(name[i]);
  }
  return out;
}

}  // namespace

MultipartSpool::MultipartSpool(std::string_view content_type, SpoolOptions options)
    : options_(std::move(options)) {
  auto boundary = multipart_boundary(content_type);
  if (!boundary) {
    state_ = State::failed;
    error_ = "not multipart/form-data";
    return;
  }
  multipart_ = true;
  delimiter_ = "\r\n--" + *boundary;
  // The first delimiter may open the body without a line break before it.
  pending_ = "\r\n";
}

MultipartSpool::~MultipartSpool() {
  close_file();
  if (!file_path_.empty()) {
    std::error_code ec;
    std::filesystem::remove(file_path_, ec);
  }
}

void MultipartSpool::close_file() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::filesystem::path MultipartSpool::release_file() {
  close_file();
  auto path = std::move(file_path_);
  file_path_.clear();
  return path;
}

const std::string* MultipartSpool::field(std::string_view name) const {
  for (const auto& [key, value] : fields_) {
    if (key == name) return &value;
  }
  return nullptr;
}

bool MultipartSpool::fail(std::string message) {
  if (state_ != State::failed) error_ = std::move(message);
  state_ = State::failed;
  pending_.clear();
  pending_.shrink_to_fit();
  close_file();
  return false;
}

bool MultipartSpool::start_part(std::string_view headers) {
  if (++parts_ > options_.max_parts) return fail("Too many multipart parts.");
  MultipartPart part;
  if (auto problem = parse_part_headers(headers, part); !problem.empty()) return fail(problem);
  in_file_ = false;
  current_field_.reset();
  if (part.name == options_.file_field) {
    if (file_seen_) return fail("Submit one file per upload.");
    if (!part.filename) {
      return fail("The submitted data was not a file. Check the encoding type on the form.");
    }
    file_seen_ = true;
    filename_ = unescape_form_filename(*part.filename);
    declared_type_ = std::move(part.content_type);
    file_path_ = options_.directory / (util::random_token() + ".part");
    fd_ = ::open(file_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ < 0) {
      file_path_.clear();
      return fail("The upload could not be stored.");
    }
    in_file_ = true;
  } else {
    fields_.emplace_back(std::move(part.name), std::string());
    current_field_ = fields_.size() - 1;
  }
  return true;
}

bool MultipartSpool::emit(std::string_view bytes) {
  if (bytes.empty()) return true;
  if (in_file_) {
    while (!bytes.empty()) {
      auto n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return fail("The upload could not be stored.");
      bytes.remove_prefix(static_cast<std::size_t>(n));
      file_size_ += static_cast<std::uint64_t>(n);
    }
    return true;
  }
  if (current_field_) {
    auto& value = fields_[*current_field_].second;
    if (value.size() + bytes.size() > options_.max_field_bytes) {
      return fail("A form field is too long.");
    }
    value.append(bytes);
  }
  return true;
}

bool MultipartSpool::feed(std::string_view bytes) {
  if (state_ == State::failed) return false;
  if (state_ == State::done) return true;  // the epilogue is ignored
  pending_.append(bytes);
  std::size_t at = 0;
  auto consumed = [&] {
    pending_.erase(0, at);
    return true;
  };
  for (;;) {
    std::string_view view(pending_);
    view.remove_prefix(at);
    switch (state_) {
      case State::preamble:
      case State::body: {
        auto found = view.find(delimiter_);
        if (found == std::string_view::npos) {
          // Everything but what could be the start of a delimiter.
          std::size_t safe =
              view.size() >= delimiter_.size() ? view.size() - delimiter_.size() + 1 : 0;
          if (state_ == State::body && !emit(view.substr(0, safe))) return false;
          at += safe;
          return consumed();
        }
        if (state_ == State::body && !emit(view.substr(0, found))) return false;
        close_file();
        in_file_ = false;
        at += found + delimiter_.size();
        state_ = State::after_delimiter;
        break;
      }
      case State::after_delimiter: {
        if (view.size() < 2) return consumed();
        if (view.substr(0, 2) == "--") {
          state_ = State::done;
          pending_.clear();
          return true;
        }
        std::size_t skip = 0;
        while (skip < view.size() && (view[skip] == ' ' || view[skip] == '\t')) ++skip;
        if (view.size() - skip < 2) return consumed();
        if (view.substr(skip, 2) != "\r\n") return fail("Malformed multipart delimiter.");
        at += skip + 2;
        state_ = State::headers;
        break;
      }
      case State::headers: {
        std::size_t end;
        std::string_view headers;
        if (view.starts_with("\r\n")) {
          end = 2;  // a part without headers
        } else {
          auto found = view.find("\r\n\r\n");
          if (found == std::string_view::npos) {
            if (view.size() > options_.max_header_bytes) {
              return fail("Multipart part headers too large.");
            }
            return consumed();
          }
          if (found > options_.max_header_bytes) return fail("Multipart part headers too large.");
          headers = view.substr(0, found);
          end = found + 4;
        }
        if (!start_part(headers)) return false;
        at += end;
        state_ = State::body;
        break;
      }
      case State::done:
        pending_.clear();
        return true;
      case State::failed:
        return false;
    }
  }
}

bool MultipartSpool::finish() {
  if (state_ == State::failed) return false;
  if (state_ != State::done) return fail("Truncated multipart body.");
  close_file();
  return true;
}

}  // namespace http

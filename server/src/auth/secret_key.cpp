#include "auth/secret_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "util/log.hpp"

namespace auth {
namespace {

constexpr std::size_t kGeneratedKeyBytes = 64;
constexpr std::size_t kMinKeyBytes = 32;

std::string trim(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

std::string read_key_file(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
    util::LogEvent("auth.secret_key_permissions")
        .add("path", path.string())
        .add("fix", "chmod 600")
        .warn();
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw std::runtime_error("cannot read " + path.string());
  auto key = trim(text.str());
  if (key.size() < kMinKeyBytes) {
    throw std::runtime_error(path.string() +
                             " holds fewer than 32 characters; delete it to have a "
                             "new key generated");
  }
  return key;
}

}  // namespace

std::string load_or_create_secret_key(const std::string& configured, const std::string& data_dir) {
  if (!configured.empty()) {
    if (configured.size() < kMinKeyBytes) {
      util::LogEvent("auth.secret_key_short")
          .add("bytes", configured.size())
          .add("advice", "use at least 32 random characters")
          .warn();
    }
    return configured;
  }
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::filesystem::create_directories(data_dir);
  auto path = std::filesystem::path(data_dir) / "secret_key";

  unsigned char bytes[kGeneratedKeyBytes];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  sodium_memzero(bytes, sizeof bytes);

  // O_EXCL: when two processes start at once, exactly one writes the key, the other reads it.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return read_key_file(path);
    throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno));
  }
  std::string contents = std::string(hex) + "\n";
  sodium_memzero(hex, sizeof hex);
  bool ok = ::write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    throw std::runtime_error("cannot write " + path.string());
  }
  util::LogEvent("auth.secret_key_created").add("path", path.string()).info();
  contents.pop_back();
  return contents;
}

}  // namespace auth

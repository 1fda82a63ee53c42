#include "storage/local_blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

#include "util/random_token.hpp"

namespace storage {
namespace {

namespace fs = std::filesystem;

void sync_path(const fs::path& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path.string());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw std::runtime_error("cannot sync " + path.string());
}

}  // namespace

LocalBlobStore::LocalBlobStore(fs::path root) : root_(std::move(root)) {
  fs::create_directories(spool_directory());
  for (const auto& entry : fs::directory_iterator(spool_directory())) {
    std::error_code ec;
    fs::remove(entry.path(), ec);
  }
}

std::optional<fs::path> LocalBlobStore::path_of(const std::string& handle) const {
  if (handle.size() != 32) return std::nullopt;
  for (char c : handle) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  return root_ / handle.substr(0, 2) / handle.substr(2, 2) / handle;
}

std::string LocalBlobStore::put(const fs::path& file) {
  auto handle = util::random_token();
  auto target = *path_of(handle);
  fs::create_directories(target.parent_path());
  sync_path(file, O_RDONLY);
  fs::rename(file, target);
  sync_path(target.parent_path(), O_RDONLY | O_DIRECTORY);
  return handle;
}

std::optional<fs::path> LocalBlobStore::local_path(const std::string& handle) const {
  auto path = path_of(handle);
  if (!path) return std::nullopt;
  std::error_code ec;
  if (!fs::is_regular_file(*path, ec)) return std::nullopt;
  return path;
}

void LocalBlobStore::remove(const std::string& handle) {
  auto path = path_of(handle);
  if (!path) return;
  std::error_code ec;
  fs::remove(*path, ec);
}

}  // namespace storage

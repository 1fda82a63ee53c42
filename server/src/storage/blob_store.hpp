// Where uploaded files live (ARCHITECTURE.md "Part II": blobs by handle). The database keeps
// a handle; the bytes are written once into a spool file on the store's own disk and moved in,
// so that no upload is ever held in memory. Blocking: call from a worker pool.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace storage {

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // A directory for files that are being received (same file system as the store, so that
  // put can rename instead of copy).
  virtual std::filesystem::path spool_directory() const = 0;
  // Makes the finished file at `file` durable and moves it in; returns its handle.
  virtual std::string put(const std::filesystem::path& file) = 0;
  // The file of a handle on this machine, or nullopt when there is none.
  virtual std::optional<std::filesystem::path> local_path(const std::string& handle) const = 0;
  // Removes a blob; a missing one is not an error (the janitor may retry).
  virtual void remove(const std::string& handle) = 0;
};

}  // namespace storage

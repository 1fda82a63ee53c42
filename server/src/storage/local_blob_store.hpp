// The BlobStore of one machine: <root>/ab/cd/<handle>, where the handle is 32 random hex
// digits (so a handle names a file without any path a client could steer).
#pragma once
#include "storage/blob_store.hpp"

namespace storage {

class LocalBlobStore : public BlobStore {
 public:
  // Creates root and its spool directory; removes spool files a crash left behind.
  explicit LocalBlobStore(std::filesystem::path root);

  std::filesystem::path spool_directory() const override { return root_ / "spool"; }
  std::string put(const std::filesystem::path& file) override;
  std::optional<std::filesystem::path> local_path(const std::string& handle) const override;
  void remove(const std::string& handle) override;

 private:
  // nullopt unless the handle is 32 lower-case hex digits.
  std::optional<std::filesystem::path> path_of(const std::string& handle) const;

  std::filesystem::path root_;
};

}  // namespace storage

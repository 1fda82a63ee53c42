// A consistent copy of a live Parley database with SQLite's online backup API, taken in
// small steps from one read snapshot: under WAL the server's writer is never blocked (it
// appends to the WAL while the copy reads the snapshot), and the copy is the database as of
// the moment the backup began. The result is one self-contained file (rollback journal mode),
// written under a temporary name and renamed into place only when complete.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace store::sqlite {

class BackupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BackupOptions {
  int pages_per_step = 256;               // pages copied per step (4 KiB each by default)
  std::chrono::microseconds pause{5000};  // between steps: the disk is shared with the server
  std::int64_t flush_pages = 256;         // written pages pushed to disk this often (1 MiB)
};

struct BackupResult {
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
  std::int64_t steps = 0;
};

// progress(pages done, pages in all).
using BackupProgress = std::function<void(std::int64_t done, std::int64_t total)>;

// Throws BackupError (and leaves nothing at destination) on failure; refuses to overwrite.
BackupResult backup_database(const std::string& source, const std::string& destination,
                             const BackupOptions& options, const BackupProgress& progress = {});

// "ok", or what PRAGMA integrity_check (quick_check when quick) found.
std::string check_database(const std::string& path, bool quick);

}  // namespace store::sqlite

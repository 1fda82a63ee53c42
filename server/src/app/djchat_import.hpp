// `parley import-djchat`: copies an original djchat database into an empty Parley database
// (SPEC §15), on SQLite or PostgreSQL. Ids are kept. What Parley's rules do not allow is refused,
// with the reason, and what depends on it goes with it (a refused account's messages, a refused
// server's channels). All or nothing: the source is checked and every media file found before the
// target is opened, everything is written in one transaction, and on failure the target database
// (and the media written for it) is left as it was.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace app {

struct DjchatImportOptions {
  std::string source_path;                // the djchat SQLite file
  std::optional<std::string> media_root;  // djchat's MEDIA_ROOT
  std::string target_database;            // a Parley SQLite file or a postgresql:// URL
  std::string target_label;               // how messages name it (a URL without password)
  std::string media_dir;                  // Parley's media folder (<data-dir>/media)
  bool skip_missing_media = false;        // import without the files that are missing
  bool keep_reserved_names = false;       // import admin/root/superuser accounts as they are
  bool ignore_unknown_migrations = false;
};

// Nothing was changed; the message says why (bad source, missing media, non-empty target...).
class ImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Rows of one kind refused for one reason.
struct RefusalGroup {
  std::int64_t count = 0;
  std::vector<std::int64_t> example_ids;  // the first few source ids
};

struct DjchatImportReport {
  bool already_imported = false;  // the target holds this import already; nothing was copied
  std::int64_t accounts = 0, categories = 0, servers = 0, channels = 0, memberships = 0,
               messages = 0, images = 0;
  // "kind" -> "reason" -> rows. kinds: account, category, server, channel, membership,
  // message, image.
  std::map<std::string, std::map<std::string, RefusalGroup>> refused;
  std::vector<std::string> notes;     // what was changed on the way in (merged, dropped fields)
  std::int64_t naive_timestamps = 0;  // read as UTC, as djchat's settings store them
  std::map<std::string, std::int64_t> password_algorithms;  // accounts copied, by hash kind
  std::vector<std::string> source_migrations;
};

// progress(stage, done, total): total 0 when unknown.
using ImportProgress =
    std::function<void(const std::string& stage, std::int64_t done, std::int64_t total)>;

// Throws ImportError (nothing changed) or returns what happened.
DjchatImportReport import_djchat(const DjchatImportOptions& options,
                                 const ImportProgress& progress = {});

}  // namespace app

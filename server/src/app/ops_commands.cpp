#include "app/ops_commands.hpp"

#include <CLI/CLI.hpp>

#include "app/ops_options.hpp"

namespace app {

struct OpsCommands::State {
  CLI::App* import = nullptr;
  ImportCommandOptions import_options;
  CLI::App* backup = nullptr;
  BackupCommandOptions backup_options;
};

namespace {

void add_store_options(CLI::App& command, std::string& data_dir, std::string& database,
                       const std::string& database_help) {
  command.add_option("--data-dir", data_dir, "Data directory (database, media, secret key)")
      ->envname("PARLEY_DATA_DIR")
      ->capture_default_str();
  command.add_option("--database", database, database_help)->envname("PARLEY_DATABASE");
}

}  // namespace

OpsCommands::OpsCommands(CLI::App& cli) : state_(std::make_unique<State>()) {
  auto& s = *state_;
  auto& io = s.import_options;
  s.import = cli.add_subcommand(
      "import-djchat",
      "Copy an original djchat database (accounts with their Django password hashes, staff "
      "flags and join dates; categories; servers with icons and banners re-encoded as uploads "
      "are; channels; memberships; messages with their timestamps and order) into an EMPTY "
      "Parley database, keeping every id. Users then log in with their old passwords (upgraded "
      "to Argon2id at their first login). All or nothing: one transaction, and on any failure "
      "the target database and media folder are left as they were. Safe to run again: when the "
      "target already holds this import, nothing is copied and it says so (exit 0); a target "
      "holding anything else is refused (exit 1). What Parley does not allow is refused and "
      "listed with the reason: usernames it does not accept (characters, length, admin/root/"
      "superuser), names that differ only in case from an older account's, empty or "
      "whitespace-only messages, messages over 4,000 characters, unreadable timestamps, and "
      "whatever depends on a refused row (its messages, servers, channels). Timestamps without "
      "an offset (how Django stores them in SQLite) are read as UTC, as djchat's USE_TZ/UTC "
      "settings wrote them. A progress bar on a terminal, plain lines otherwise, then a "
      "summary.");
  s.import->add_option("--from", io.from, "The djchat database: sqlite:///PATH (or a file path)")
      ->required();
  s.import
      ->add_option("--media-root", io.media_root,
                   "djchat's MEDIA_ROOT folder (server icons and banners, category icons). "
                   "Required when the source names media files")
      ->check(CLI::ExistingDirectory);
  add_store_options(*s.import, io.data_dir, io.database,
                    "Target database: a SQLite file path, sqlite:///PATH, or a PostgreSQL "
                    "postgresql://USER@HOST:PORT/DB URL (default: parley.sqlite3 in the data "
                    "directory; images go to the data directory's media folder either way)");
  s.import->add_flag("--skip-missing-media", io.skip_missing_media,
                     "Import rows whose media file is missing without that image (default: "
                     "a missing file stops the import before anything is written)");
  s.import->add_flag("--keep-reserved-names", io.keep_reserved_names,
                     "Import accounts named admin, root or superuser as they are (default: "
                     "refused, with what depends on them)");
  s.import->add_flag("--ignore-unknown-migrations", io.ignore_unknown_migrations,
                     "Import a source with Django migrations of djchat's apps this importer "
                     "does not know, as long as every column it reads is there");

  auto& bo = s.backup_options;
  s.backup = cli.add_subcommand(
      "backup",
      "Write a consistent copy of the SQLite database to FILE while the server keeps serving "
      "and writing (SQLite's online backup API, in small steps from one snapshot: the copy is "
      "the database as it was when the backup began, and the server's writer is never "
      "blocked). FILE is one self-contained SQLite file, written under FILE.part and renamed "
      "when complete, then checked (quick_check). It never overwrites FILE. The media folder "
      "and the secret key are not in it: copy <data-dir>/media and <data-dir>/secret_key "
      "too (docs/OPERATIONS.md). Restore: stop the server and put FILE in place of the "
      "database, or start a server with --database FILE.");
  add_store_options(*s.backup, bo.data_dir, bo.database,
                    "Database: a SQLite file path or sqlite:///PATH URL (default: parley.sqlite3 "
                    "in the data directory; PostgreSQL databases are backed up with pg_dump)");
  s.backup->add_option("--to", bo.to, "The backup file to create (must not exist)")->required();
  s.backup
      ->add_option("--step-pages", bo.step_pages,
                   "Database pages copied per step (a page is 4 KiB by default)")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  s.backup
      ->add_option("--pause-ms", bo.pause_ms,
                   "Milliseconds to pause between steps, leaving the disk to the server")
      ->check(CLI::Range(0.0, 1000.0))
      ->capture_default_str();
  s.backup->add_flag("--no-verify", bo.no_verify, "Skip the quick_check of the copy");
}

OpsCommands::~OpsCommands() = default;

std::optional<int> OpsCommands::run() const {
  if (*state_->import) return run_import_djchat(state_->import_options);
  if (*state_->backup) return run_backup(state_->backup_options);
  return std::nullopt;
}

}  // namespace app

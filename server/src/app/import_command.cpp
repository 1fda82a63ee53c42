// `parley import-djchat`: runs the import with a progress display, then prints its summary.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/config.hpp"
#include "app/database.hpp"
#include "app/djchat_import.hpp"
#include "app/ops_options.hpp"
#include "app/progress_line.hpp"

namespace app {
namespace fs = std::filesystem;
namespace {

// sqlite:///abs/path, sqlite://rel/path, sqlite:path, or a plain path.
std::string source_path(const std::string& from) {
  std::string_view url = from;
  if (url.starts_with("sqlite:///")) return std::string(url.substr(9));
  if (url.starts_with("sqlite://")) return std::string(url.substr(9));
  if (url.starts_with("sqlite:")) return std::string(url.substr(7));
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    throw ImportError(
        "a djchat PostgreSQL database cannot be read directly; djchat databases are read "
        "from SQLite only: import from the SQLite file djchat used, or copy the data into one "
        "first");
  }
  if (url.find("://") != std::string_view::npos) {
    throw ImportError("unsupported source URL " + from + " (use sqlite:///PATH)");
  }
  return from;
}

// 1234567 -> "1,234,567"
std::string grouped(std::int64_t n) {
  auto digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

void print_summary(const DjchatImportReport& r, const std::string& source, double seconds) {
  std::printf("imported %s in %.1f s (the source is left unchanged):\n", source.c_str(), seconds);
  const std::pair<const char*, std::int64_t> copied[] = {
      {"accounts", r.accounts}, {"categories", r.categories},   {"servers", r.servers},
      {"channels", r.channels}, {"memberships", r.memberships}, {"messages", r.messages},
      {"images", r.images}};
  for (const auto& [name, count] : copied) {
    std::printf("  %-12s %12s copied\n", name, grouped(count).c_str());
  }
  if (r.refused.empty()) {
    std::printf("refused: nothing\n");
  } else {
    std::printf("refused:\n");
    for (const auto& [kind, reasons] : r.refused) {
      for (const auto& [reason, group] : reasons) {
        std::string ids;
        for (auto id : group.example_ids) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
        if (group.count > static_cast<std::int64_t>(group.example_ids.size())) ids += ", ...";
        std::printf("  %-10s %10s  %s (source ids %s)\n", kind.c_str(),
                    grouped(group.count).c_str(), reason.c_str(), ids.c_str());
      }
    }
  }
  for (const auto& note : r.notes) std::printf("note: %s\n", note.c_str());
  for (const auto& [kind, count] : r.password_algorithms) {
    bool usable = kind == "pbkdf2_sha256";
    std::printf("passwords: %s accounts with %s hashes: %s\n", grouped(count).c_str(), kind.c_str(),
                usable ? "they log in with their old password (upgraded to Argon2id then)"
                       : "Parley cannot check these; they need `parley user set-password NAME`");
  }
  if (r.naive_timestamps > 0) {
    std::printf(
        "timestamps: %s without a UTC offset (as Django stores them in SQLite), read as "
        "UTC\n",
        grouped(r.naive_timestamps).c_str());
  }
}

}  // namespace

int run_import_djchat(const ImportCommandOptions& options) {
  auto started = std::chrono::steady_clock::now();
  DjchatImportOptions import;
  bool created_data_dir = false;
  try {
    import.source_path = source_path(options.from);
    if (!options.media_root.empty()) import.media_root = options.media_root;
    if (is_postgres_url(options.database)) {
      import.target_database = options.database;
      import.target_label = redacted_postgres_url(options.database);
    } else {
      import.target_database = database_path(options.data_dir, options.database);
      import.target_label = import.target_database;
    }
    import.media_dir = (fs::path(options.data_dir) / "media").string();
    import.skip_missing_media = options.skip_missing_media;
    import.keep_reserved_names = options.keep_reserved_names;
    import.ignore_unknown_migrations = options.ignore_unknown_migrations;
    if (!fs::exists(options.data_dir)) {
      fs::create_directories(options.data_dir);
      fs::permissions(options.data_dir, fs::perms::owner_all, fs::perm_options::replace);
      created_data_dir = true;
    }
    DjchatImportReport report;
    {
      ProgressLine line(stdout);
      report = import_djchat(import, [&](const std::string& stage, std::int64_t done,
                                         std::int64_t total) { line.update(stage, done, total); });
    }
    auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (report.already_imported) {
      std::printf(
          "nothing copied: %s already holds this import of %s (every account to import is "
          "there with its id, name and join date); nothing was changed\n",
          import.target_label.c_str(), import.source_path.c_str());
      return 0;
    }
    print_summary(report, import.source_path, seconds);
    return 0;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::cerr << "parley import-djchat: " << e.what() << "\n"
              << "nothing was imported; the target was left as it was\n";
    if (created_data_dir) {
      std::error_code ec;
      fs::remove(fs::path(options.data_dir) / "media", ec);
      fs::remove(options.data_dir, ec);  // only when still empty
    }
    return 1;
  }
}

}  // namespace app

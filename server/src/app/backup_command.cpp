// `parley backup`: an online copy of the database, with progress and a check of the copy.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/config.hpp"
#include "app/ops_options.hpp"
#include "app/progress_line.hpp"
#include "store/sqlite/sqlite_backup.hpp"

namespace app {

int run_backup(const BackupCommandOptions& options) {
  try {
    auto source = database_path(options.data_dir, options.database);
    store::sqlite::BackupOptions backup;
    backup.pages_per_step = options.step_pages;
    backup.pause = std::chrono::microseconds(static_cast<long>(options.pause_ms * 1000));
    auto started = std::chrono::steady_clock::now();
    store::sqlite::BackupResult result;
    {
      ProgressLine line(stdout);
      result = store::sqlite::backup_database(
          source, options.to, backup,
          [&](std::int64_t done, std::int64_t total) { line.update("backup", done, total); });
    }
    auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("backed up %s to %s: %lld pages, %.1f MiB in %.1f s (%lld steps)\n", source.c_str(),
                options.to.c_str(), static_cast<long long>(result.pages),
                static_cast<double>(result.bytes) / (1024.0 * 1024.0), seconds,
                static_cast<long long>(result.steps));
    if (!options.no_verify) {
      auto check = store::sqlite::check_database(options.to, true);
      if (check != "ok") {
        std::cerr << "parley backup: the copy " << options.to << " failed its check: " << check
                  << "\n";
        return 1;
      }
      std::printf("checked %s: ok\n", options.to.c_str());
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "parley backup: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace app

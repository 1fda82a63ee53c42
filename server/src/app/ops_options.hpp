// What `parley import-djchat` and `parley backup` are run with, and their entry points.
#pragma once
#include <string>

namespace app {

struct ImportCommandOptions {
  std::string from;  // sqlite:///PATH or a path
  std::string media_root;
  std::string data_dir = "./var";
  std::string database;
  bool skip_missing_media = false;
  bool keep_reserved_names = false;
  bool ignore_unknown_migrations = false;
};

struct BackupCommandOptions {
  std::string data_dir = "./var";
  std::string database;
  std::string to;
  int step_pages = 256;
  double pause_ms = 5;
  bool no_verify = false;
};

int run_import_djchat(const ImportCommandOptions& options);
int run_backup(const BackupCommandOptions& options);

}  // namespace app

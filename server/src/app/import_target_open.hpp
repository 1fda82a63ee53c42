// Opens the database `parley import-djchat` writes into: a SQLite file (new, or one Parley
// made) or a PostgreSQL database, migrated to Parley's schema.
#pragma once
#include <memory>
#include <string>

#include "store/import_target.hpp"

namespace app {

struct OpenedImportTarget {
  std::unique_ptr<store::ImportTarget> target;
  // The SQLite file this call created ("" otherwise): the import removes it when it fails,
  // so a refused import leaves no empty database behind. A PostgreSQL database is the
  // operator's: the rolled-back transaction leaves it as it was (migrated, still empty).
  std::string created_file;
};

// database: a SQLite path or a postgresql:// URL; label: how messages name it. Throws
// ImportError when the target is not a Parley database or cannot be opened.
OpenedImportTarget open_import_target(const std::string& database, const std::string& label);

}  // namespace app

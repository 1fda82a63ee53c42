#include "store/sqlite/migrations.hpp"

#include <array>
#include <string>

#include "store/sqlite/migration_steps.hpp"

namespace store::sqlite {
namespace {

// Index i holds migration number i + 1.
const std::array<const char*, 11> kMigrations = {
    kMigration1Initial,     kMigration2EventLog,         kMigration3DirectMessages,
    kMigration4Presence,    kMigration5ReadStates,       kMigration6Attachments,
    kMigration7Roles,       kMigration8Invites,          kMigration9Search,
    kMigration10Moderation, kMigration11SearchByChannel,
};

int user_version(Connection& connection) {
  auto stmt = connection.prepare("PRAGMA user_version");
  return stmt.step() ? static_cast<int>(stmt.int64(0)) : 0;
}

}  // namespace

int latest_schema_version() {
  return static_cast<int>(kMigrations.size());
}

int migrate(Connection& connection) {
  int current = user_version(connection);
  if (current > latest_schema_version()) {
    throw Error(SQLITE_ERROR, "database schema version " + std::to_string(current) +
                                  " is newer than this parley (" +
                                  std::to_string(latest_schema_version()) + ")");
  }
  int applied = 0;
  if (current == latest_schema_version()) return applied;
  // A table rebuild (new table, copy, drop, rename) must not cascade the drop into the rows
  // that refer to the table: foreign keys are off while migrating (the pragma is a no-op
  // inside a transaction, hence here) and checked before each commit.
  connection.exec("PRAGMA foreign_keys=OFF");
  try {
    for (int version = current + 1; version <= latest_schema_version(); ++version) {
      WriteScope scope(connection);
      connection.exec(kMigrations[static_cast<std::size_t>(version - 1)]);
      if (connection.prepare("PRAGMA foreign_key_check").step()) {
        throw Error(SQLITE_CONSTRAINT,
                    "migration " + std::to_string(version) + " left rows that break a foreign key");
      }
      connection.exec("PRAGMA user_version = " + std::to_string(version));
      scope.commit();
      ++applied;
    }
  } catch (...) {
    connection.exec("PRAGMA foreign_keys=ON");
    throw;
  }
  connection.exec("PRAGMA foreign_keys=ON");
  return applied;
}

}  // namespace store::sqlite

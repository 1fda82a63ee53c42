// Numbered, forward-only schema migrations, applied at start-up.
#pragma once
#include "store/sqlite/connection.hpp"

namespace store::sqlite {

// Applies every migration newer than the database's user_version; returns how many ran.
// Throws when the database is newer than this binary knows.
int migrate(Connection& connection);

// The newest schema version this binary knows.
int latest_schema_version();

}  // namespace store::sqlite

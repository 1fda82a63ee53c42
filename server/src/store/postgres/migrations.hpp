// Numbered, forward-only schema migrations for PostgreSQL, applied at start-up.
#pragma once
#include "store/postgres/connection.hpp"

namespace store::postgres {

// Applies every migration newer than the database's schema_version; returns how many ran.
// Several nodes starting at once take turns (an advisory lock). Throws when the database is
// newer than this binary knows.
int migrate(Connection& connection);

// The newest schema version this binary knows.
int latest_schema_version();

}  // namespace store::postgres

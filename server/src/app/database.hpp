// Opens the configured store (creating the data directory and applying migrations): SQLite
// for a path or sqlite: URL, PostgreSQL for a postgresql:// (or postgres://) URL.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace app {

// data_dir is created when missing. database: see ServeConfig::database.
// Throws std::runtime_error with a readable message on failure.
std::unique_ptr<store::Store> open_store(const std::string& data_dir, const std::string& database);

bool is_postgres_url(std::string_view database);
// What logs call the database: the SQLite file, or the PostgreSQL URL without its password.
std::string database_label(const std::string& data_dir, const std::string& database);
// The URL with its password (if any) replaced by ***, for logs.
std::string redacted_postgres_url(std::string_view url);

}  // namespace app

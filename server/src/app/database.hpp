// Opens the configured store (creating the data directory and applying migrations).
#pragma once
#include <memory>
#include <string>

#include "store/store.hpp"

namespace app {

// data_dir is created when missing. database: see ServeConfig::database.
// Throws std::runtime_error with a readable message on failure.
std::unique_ptr<store::Store> open_store(const std::string& data_dir, const std::string& database);

}  // namespace app

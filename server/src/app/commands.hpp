// The `parley` subcommands. Each returns the process exit code.
#pragma once
#include <string>

#include "app/config.hpp"

namespace app {

int run_serve(const ServeConfig& config);
int run_migrate(const std::string& data_dir, const std::string& database);
int run_load(const std::string& data_dir, const std::string& database, const std::string& file);
int run_user_create(const std::string& data_dir, const std::string& database,
                    const std::string& username, bool staff);
int run_user_set_password(const std::string& data_dir, const std::string& database,
                          const std::string& username);
int run_category_add(const std::string& data_dir, const std::string& database,
                     const std::string& name, const std::string& description);

}  // namespace app

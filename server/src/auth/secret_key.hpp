// The JWT signing key: from configuration, or generated once (512 random bits) into
// <data_dir>/secret_key with owner-only permissions and reused on every start.
#pragma once
#include <string>

namespace auth {

// Throws std::runtime_error when the key file can be neither read nor created.
std::string load_or_create_secret_key(const std::string& configured, const std::string& data_dir);

}  // namespace auth

// Roles and overwrites as JSON (SPEC §10): permission bits as decimal strings.
#pragma once
#include <boost/json/object.hpp>
#include <vector>

#include "store/role_store.hpp"

namespace api {

boost::json::object role_json(const store::Role& role);
boost::json::value roles_json(const std::vector<store::Role>& roles);
boost::json::object overwrite_json(const store::Overwrite& overwrite);

}  // namespace api

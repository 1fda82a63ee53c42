// Roles and overwrites as JSON (SPEC §10): permission bits as decimal strings.
#pragma once
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "chat/permission_cache.hpp"
#include "store/role_store.hpp"

namespace api {

boost::json::object role_json(const store::Role& role);
boost::json::value roles_json(const std::vector<store::Role>& roles);
boost::json::object overwrite_json(const store::Overwrite& overwrite);

// Gateway frames (SPEC §6, §10): {"type": "role.create"|"role.update", "server_id", "role"},
// {"type": "role.delete", "server_id", "role_id"}, and {"type": "member.update", "server_id",
// "user_id", "roles"} with the member's role ids (@everyone left out) as permissions holds them.
std::string role_frame(const char* type, model::Id server_id, const store::Role& role);
std::string role_delete_frame(model::Id server_id, model::Id role_id);
std::string member_update_frame(model::Id server_id, model::Id user_id,
                                const model::ServerPermissions& permissions);

}  // namespace api

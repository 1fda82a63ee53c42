// After a role, member-role or overwrite change is stored: forget the server's permission
// data everywhere on this node, read it again, and tell the server's open sockets
// (CommunityEvents::permissions_changed), so that what they see follows at once.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "chat/community_events.hpp"
#include "chat/permission_cache.hpp"
#include "store/store.hpp"

namespace api {

struct PermissionChange {
  std::optional<model::MemberServer> server;
  chat::ServerPermissionsPtr permissions;
  // What changed, for the server's gateways and member lists: role.create / role.update /
  // role.delete / member.update frames (api/role_json.hpp).
  std::vector<std::string> frames;
};

// On the database pool, after the change committed.
PermissionChange reload_permissions(store::Store& store, model::Id server_id);
// On any thread, after reload_permissions.
void publish_permission_change(chat::CommunityEvents& events, const PermissionChange& change);

}  // namespace api

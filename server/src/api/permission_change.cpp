#include "api/permission_change.hpp"

namespace api {

PermissionChange reload_permissions(store::Store& store, model::Id server_id) {
  chat::forget_permissions(server_id);
  PermissionChange change;
  change.permissions = chat::PermissionCache::load(store, server_id);
  change.server = store.member_server(server_id);
  return change;
}

void publish_permission_change(chat::CommunityEvents& events, const PermissionChange& change) {
  if (change.server && change.permissions) {
    events.permissions_changed(*change.server, change.permissions, change.frames);
  }
}

}  // namespace api

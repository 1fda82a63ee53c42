// Each server's permission data (model::ServerPermissions), read from the store once and shared
// by every thread until a role, overwrite or membership change of that server forgets it. The
// hot paths (gateway sends, subscription checks) only ever call find(); load() is for the
// database pool. forget() is the hook another node's bus can forward ("permissions changed in
// server X").
#pragma once
#include <memory>

#include "model/server_permissions.hpp"
#include "store/role_store.hpp"

namespace chat {

using ServerPermissionsPtr = std::shared_ptr<const model::ServerPermissions>;

model::ServerPermissions build_server_permissions(const store::ServerPermissionRows& rows);

class PermissionCache {
 public:
  // Any thread; nullptr when not cached.
  static ServerPermissionsPtr find(model::Id server_id);
  // Database pool: the cached data, or read and remembered (nullptr: no such server). Data
  // read across a forget() of the same server is returned but not kept.
  static ServerPermissionsPtr load(store::RoleStore& store, model::Id server_id);
  static void forget(model::Id server_id);
  static void forget_all();
};

}  // namespace chat

namespace chat {
// The one call after any role, member-role, overwrite or membership change of a server (and
// the hook a bus forwards from other nodes): forgets that server's permission data and every
// remembered channel access on this node.
void forget_permissions(model::Id server_id);
}  // namespace chat

#include "chat/permission_cache.hpp"

#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "realtime/cluster_notices.hpp"

namespace chat {
namespace {

struct Cache {
  std::shared_mutex mutex;
  std::unordered_map<model::Id, ServerPermissionsPtr> servers;
  std::uint64_t generation = 0;  // bumped by every forget
};

Cache& cache() {
  static Cache instance;
  return instance;
}

}  // namespace

model::ServerPermissions build_server_permissions(const store::ServerPermissionRows& rows) {
  model::ServerPermissions server;
  server.server_id = rows.server_id;
  server.owner_id = rows.owner_id;
  server.everyone = rows.everyone;
  for (const auto& role : rows.roles) server.roles[role.id] = {role.position, role.permissions};
  for (const auto& [user, role] : rows.member_roles) server.member_roles[user].push_back(role);
  for (const auto& o : rows.overwrites)
    server.overwrites[o.channel_id].push_back({o.target_id, o.member, o.allow, o.deny});
  server.banned.insert(rows.banned.begin(), rows.banned.end());
  for (const auto& [user, until] : rows.timeouts) server.timeouts[user] = until;
  server.is_private = rows.is_private;
  return server;
}

ServerPermissionsPtr PermissionCache::find(model::Id server_id) {
  auto& c = cache();
  std::shared_lock lock(c.mutex);
  auto found = c.servers.find(server_id);
  return found == c.servers.end() ? nullptr : found->second;
}

ServerPermissionsPtr PermissionCache::load(store::RoleStore& store, model::Id server_id) {
  if (auto known = find(server_id)) return known;
  auto& c = cache();
  std::uint64_t generation;
  {
    std::shared_lock lock(c.mutex);
    generation = c.generation;
  }
  auto rows = store.server_permission_rows(server_id);
  if (!rows.found) return nullptr;
  auto built = std::make_shared<const model::ServerPermissions>(build_server_permissions(rows));
  std::unique_lock lock(c.mutex);
  if (c.generation == generation) c.servers.emplace(server_id, built);
  return built;
}

void PermissionCache::forget(model::Id server_id) {
  auto& c = cache();
  std::unique_lock lock(c.mutex);
  ++c.generation;
  c.servers.erase(server_id);
}

void PermissionCache::forget_all() {
  auto& c = cache();
  std::unique_lock lock(c.mutex);
  ++c.generation;
  c.servers.clear();
}

}  // namespace chat

namespace chat {
// Whichever node changed a role, an overwrite or a membership, every node forgets that
// server's permission data; access_cache.cpp forgets the channel access on the same notice.
namespace {
[[maybe_unused]] const bool forgets_on_notice = [] {
  realtime::ClusterNotices::on(realtime::Notice::access_changed, [](std::int64_t server_id) {
    if (server_id != 0) PermissionCache::forget(server_id);
  });
  return true;
}();
}  // namespace

void forget_permissions(model::Id server_id) {
  realtime::ClusterNotices::raise(realtime::Notice::access_changed, server_id);
}
}  // namespace chat

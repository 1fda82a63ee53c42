#include "chat/channel_access.hpp"

#include "chat/permission_cache.hpp"
#include "chat/permissions.hpp"

namespace chat {

store::ChannelAccess resolve_channel_access(store::Store& store, model::Id channel_id,
                                            model::Id reader_id) {
  auto access = store.channel_access(channel_id, reader_id);
  if (!access.found) return access;
  if (access.dm) {
    access.permissions = access.is_member ? perm::dm_recipient : perm::reader;
    return access;
  }
  auto server = PermissionCache::load(store, access.server_id);
  if (!server) return store::ChannelAccess{};
  access.permissions = channel_permissions(*server, channel_id, reader_id, access.is_member);
  if (!has(access.permissions, perm::view_channel)) return store::ChannelAccess{};
  access.timeout_until = timeout_until(*server, reader_id);
  return access;
}

bool may_see_server(store::Store& store, const model::ServerPermissions& server,
                    model::Id user_id) {
  if (may_see_server(server, user_id, false)) return true;
  return may_see_server(server, user_id, store.is_member(server.server_id, user_id));
}

std::vector<ServerPermissionsPtr> restrict_to_visible(store::Store& store, model::Id user_id,
                                                      std::vector<model::MemberServer>& servers) {
  std::vector<ServerPermissionsPtr> all;
  all.reserve(servers.size());
  for (auto& server : servers) {
    auto permissions = PermissionCache::load(store, server.id);
    if (permissions) restrict_to_visible(*permissions, user_id, server);
    all.push_back(std::move(permissions));
  }
  return all;
}

void restrict_to_visible(const model::ServerPermissions& permissions, model::Id user_id,
                         model::MemberServer& server) {
  std::erase_if(server.channels, [&](const model::Channel& channel) {
    return !has(channel_permissions(permissions, channel.id, user_id, true), perm::view_channel);
  });
}

}  // namespace chat

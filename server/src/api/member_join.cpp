#include "api/member_join.hpp"

#include "chat/channel_access.hpp"

namespace api {

JoinedServer read_joined_server(store::Store& store, model::Id server_id, model::Id user_id) {
  JoinedServer joined;
  joined.server = store.member_server(server_id);
  joined.permissions = chat::PermissionCache::load(store, server_id);
  if (joined.server && joined.permissions) {
    chat::restrict_to_visible(*joined.permissions, user_id, *joined.server);
  }
  if (auto account = store.find_account(user_id)) joined.username = account->username;
  return joined;
}

void announce_join(const CommunityDeps& deps, const JoinedServer& joined, model::Id user_id) {
  if (!joined.server) return;
  deps.events.member_joined(*joined.server, user_id, joined.username, joined.permissions);
}

}  // namespace api

// After a membership is stored, by whichever route (the original's join, an invite): what the
// server's open gateways and the newcomer's must hear, so that both routes emit the same
// events (member.join to the server and its member-list followers, the server and its
// channels to the newcomer's gateways).
#pragma once
#include <optional>
#include <string>

#include "api/community_deps.hpp"
#include "chat/permission_cache.hpp"

namespace api {

struct JoinedServer {
  std::optional<model::MemberServer> server;  // with only the channels the newcomer may view
  chat::ServerPermissionsPtr permissions;
  std::string username;
};

// Database pool.
JoinedServer read_joined_server(store::Store& store, model::Id server_id, model::Id user_id);
// Any thread; nothing when the server went away meanwhile.
void announce_join(const CommunityDeps& deps, const JoinedServer& joined, model::Id user_id);

}  // namespace api

// Who the caller is in the server {id} of a management route (SPEC §10): the server, whether
// they are a member, and their server-level bits from the cached permission data.
#pragma once
#include <cstdint>
#include <optional>

#include "api/community_deps.hpp"
#include "chat/permission_cache.hpp"

namespace api {

struct ServerCaller {
  model::Server server;
  bool is_member = false;
  chat::ServerPermissionsPtr permissions;
  std::uint64_t bits = 0;  // server-level (no channel overwrites)
  model::Id user_id = 0;
};

// 404 when there is no such server, or the caller may not see it; otherwise fills caller.
http::Task<std::optional<http::Response>> find_server_caller(const CommunityDeps& deps,
                                                             http::RequestContext& ctx,
                                                             std::optional<std::int64_t> server_id,
                                                             ServerCaller& caller);

// find_server_caller, then 403 unless the caller holds `bit` there (bit 0: only the owner).
http::Task<std::optional<http::Response>> refuse_without(const CommunityDeps& deps,
                                                         http::RequestContext& ctx,
                                                         ServerCaller& caller, std::uint64_t bit);

}  // namespace api

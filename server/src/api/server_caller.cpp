#include "api/server_caller.hpp"

#include "api/request_io.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {

http::Task<std::optional<http::Response>> find_server_caller(const CommunityDeps& deps,
                                                             http::RequestContext& ctx,
                                                             std::optional<std::int64_t> server_id,
                                                             ServerCaller& caller) {
  if (!server_id) co_return http::not_found();
  auto id = *server_id;
  caller.user_id = ctx.principal->user_id;
  bool found = co_await util::offload(deps.db_pool, [&] {
    auto server = deps.store.find_server(id);
    if (!server) return false;
    caller.server = std::move(*server);
    caller.is_member = deps.store.is_member(id, caller.user_id);
    caller.permissions = chat::PermissionCache::load(deps.store, id);
    return caller.permissions != nullptr;
  });
  // A private server does not exist for those who are not its members (SPEC §10).
  if (!found || !chat::may_see_server(*caller.permissions, caller.user_id, caller.is_member)) {
    co_return http::not_found();
  }
  caller.bits = chat::server_permissions(*caller.permissions, caller.user_id, caller.is_member);
  co_return std::nullopt;
}

http::Task<std::optional<http::Response>> refuse_without(const CommunityDeps& deps,
                                                         http::RequestContext& ctx,
                                                         ServerCaller& caller, std::uint64_t bit) {
  if (auto missing = co_await find_server_caller(deps, ctx, parse_id(ctx.param("id")), caller)) {
    co_return std::move(*missing);
  }
  bool owner = caller.server.owner_id == caller.user_id;
  if (!owner && (bit == 0 || !caller.is_member || !chat::has(caller.bits, bit))) {
    co_return permission_denied();
  }
  co_return std::nullopt;
}

}  // namespace api

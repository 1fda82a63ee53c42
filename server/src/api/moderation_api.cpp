// Moderation (SPEC §10): kicking a member needs KICK_MEMBERS and a highest role strictly above
// theirs; the owner cannot be kicked.
#include "api/community_deps.hpp"
#include "api/request_io.hpp"
#include "api/server_caller.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "util/log.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

http::Task<http::Response> handle_kick(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, chat::perm::kick_members)) {
    co_return std::move(*refusal);
  }
  auto target = parse_id(ctx.param("user_id"));
  if (!target) co_return http::not_found();
  auto server_id = caller.server.id;
  if (*target == caller.server.owner_id) co_return permission_denied();
  if (!chat::outranks(*caller.permissions, caller.user_id,
                      chat::highest_position(*caller.permissions, *target))) {
    co_return permission_denied();
  }
  std::vector<model::Id> channels;
  bool removed = co_await util::offload(deps.db_pool, [&] {
    if (!deps.store.remove_member(server_id, *target)) return false;
    if (auto server = deps.store.member_server(server_id)) {
      for (const auto& channel : server->channels) channels.push_back(channel.id);
    }
    return true;
  });
  if (!removed) co_return http::not_found();
  deps.events.member_left(server_id, channels, *target);
  util::LogEvent("member.kicked")
      .add("server_id", server_id)
      .add("user_id", *target)
      .add("by", caller.user_id)
      .info();
  co_return http::empty_response(http::Status::no_content);
}

}  // namespace

void register_moderation_routes(http::Router& router, DepsPtr deps) {
  http::RouteOptions auth{.auth = http::AuthPolicy::required};
  router.add(
      http::Verb::delete_, "/api/servers/{id:int}/members/{user_id:int}/",
      [deps](http::RequestContext& c) { return handle_kick(*deps, c); }, auth);
}

}  // namespace api

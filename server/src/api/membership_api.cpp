// Joining and leaving servers (SPEC §2, the original's ServerMemebershipViewSet paths).
#include "api/community_deps.hpp"
#include "api/member_join.hpp"
#include "api/request_io.hpp"
#include "chat/channel_access.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

boost::json::value object_of(std::string_view key, std::string_view value) {
  return boost::json::value{{key, value}};
}

enum class Outcome { no_server, done, already, not_member, owner, banned };

struct Membership {
  bool server_exists = false;
  bool member = false;
  model::Id owner_id = 0;
};

// A private server exists only for its members (SPEC §10).
Membership read_membership(store::Store& store, model::Id server_id, model::Id account_id) {
  Membership m;
  auto permissions = chat::PermissionCache::load(store, server_id);
  if (!permissions) return m;
  m.member = store.is_member(server_id, account_id);
  m.server_exists = chat::may_see_server(*permissions, account_id, m.member);
  m.owner_id = permissions->owner_id;
  return m;
}

http::Task<http::Response> handle_join(const CommunityDeps& deps, http::RequestContext& ctx) {
  auto server_id = parse_id(ctx.param("server_id"));
  if (!server_id) co_return http::not_found();
  auto user = ctx.principal->user_id;
  JoinedServer joined;
  auto outcome = co_await util::offload(deps.db_pool, [&] {
    auto permissions = chat::PermissionCache::load(deps.store, *server_id);
    if (!permissions) return Outcome::no_server;
    // A private server is joined only through an invite: here it is not found, except by its
    // members (who get the 409 below).
    if (!chat::may_see_server(deps.store, *permissions, user)) return Outcome::no_server;
    if (deps.store.is_banned(*server_id, user)) return Outcome::banned;
    if (!deps.store.add_member(*server_id, user)) return Outcome::already;
    joined = read_joined_server(deps.store, *server_id, user);
    return Outcome::done;
  });
  // Open gateways of the server's members, and the newcomer's, follow at once.
  if (outcome == Outcome::done) announce_join(deps, joined, user);
  if (outcome == Outcome::no_server) co_return http::not_found();
  if (outcome == Outcome::banned) co_return permission_denied();
  if (outcome == Outcome::already) {
    co_return http::json_response(http::Status::conflict,
                                  object_of("error", "User is already a member"));
  }
  co_return http::json_response(http::Status::ok,
                                object_of("message", "User joined server successfully"));
}

http::Task<http::Response> handle_leave(const CommunityDeps& deps, http::RequestContext& ctx) {
  auto server_id = parse_id(ctx.param("server_id"));
  if (!server_id) co_return http::not_found();
  auto user = ctx.principal->user_id;
  std::vector<model::Id> channels;
  auto outcome = co_await util::offload(deps.db_pool, [&] {
    auto m = read_membership(deps.store, *server_id, user);
    if (!m.server_exists) return Outcome::no_server;
    if (!m.member) return Outcome::not_member;
    // The owner is always a member (checked after membership, as the original did).
    if (m.owner_id == user) return Outcome::owner;
    if (!deps.store.remove_member(*server_id, user)) return Outcome::not_member;
    if (auto server = deps.store.member_server(*server_id)) {
      for (const auto& channel : server->channels) channels.push_back(channel.id);
    }
    return Outcome::done;
  });
  if (outcome == Outcome::done) deps.events.member_left(*server_id, channels, user);
  switch (outcome) {
    case Outcome::no_server:
      co_return http::not_found();
    case Outcome::not_member:
      co_return http::json_response(http::Status::not_found,
                                    object_of("error", "User is not a member"));
    case Outcome::owner:
      co_return http::json_response(http::Status::conflict,
                                    object_of("error", "Owners cannot be removed as a member"));
    default:
      co_return http::json_response(http::Status::ok,
                                    object_of("message", "User removed from server"));
  }
}

http::Task<http::Response> handle_is_member(const CommunityDeps& deps, http::RequestContext& ctx) {
  auto server_id = parse_id(ctx.param("server_id"));
  if (!server_id) co_return http::not_found();
  auto user = ctx.principal->user_id;
  auto m = co_await util::offload(deps.db_pool,
                                  [&] { return read_membership(deps.store, *server_id, user); });
  if (!m.server_exists) co_return http::not_found();
  co_return http::json_response(http::Status::ok, boost::json::value{{"is_member", m.member}});
}

}  // namespace

void register_membership_routes(http::Router& router, DepsPtr deps) {
  using http::AuthPolicy;
  using http::Verb;
  router.add(Verb::post, "/api/membership/{server_id:int}/membership/",
             [deps](http::RequestContext& ctx) { return handle_join(*deps, ctx); },
             {.auth = AuthPolicy::required});
  router.add(Verb::delete_, "/api/membership/{server_id:int}/membership/remove_member/",
             [deps](http::RequestContext& ctx) { return handle_leave(*deps, ctx); },
             {.auth = AuthPolicy::required});
  router.add(Verb::get, "/api/membership/{server_id:int}/membership/is_member/",
             [deps](http::RequestContext& ctx) { return handle_is_member(*deps, ctx); },
             {.auth = AuthPolicy::required});
}

}  // namespace api

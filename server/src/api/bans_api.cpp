// Bans (SPEC §10): BAN_MEMBERS, never the owner, only members ranked below the caller. A banned
// user loses the membership and every right on the server (its channels are not found to them,
// public or not), cannot rejoin, and their open channel sockets there close with 4003.
#include "api/community_deps.hpp"
#include "api/permission_change.hpp"
#include "api/request_io.hpp"
#include "api/server_caller.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "realtime/event.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

constexpr std::size_t kMaxBanReason = 512;

http::Task<http::Response> handle_ban(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, chat::perm::ban_members)) {
    co_return std::move(*refusal);
  }
  auto target = parse_id(ctx.param("user_id"));
  if (!target) co_return http::not_found();
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  auto reason = fields.nullable_text("reason", kMaxBanReason);
  if (fields.has("delete_message_seconds")) {
    fields.add_error("delete_message_seconds",
                     "Deleting a banned user's messages is not built yet.");
  }
  if (!fields.ok()) co_return fields.error_response();
  if (*target == caller.server.owner_id) co_return permission_denied();
  if (!chat::outranks(*caller.permissions, caller.user_id,
                      chat::highest_position(*caller.permissions, *target))) {
    co_return permission_denied();
  }
  auto server_id = caller.server.id;
  std::optional<std::string> why = reason ? *reason : std::nullopt;
  bool account = false;
  bool was_member = false;
  PermissionChange change;
  co_await util::offload(deps.db_pool, [&] {
    if (!deps.store.find_account(*target)) return;
    account = true;
    was_member = deps.store.ban(server_id, *target, why);
    change = reload_permissions(deps.store, server_id);
  });
  if (!account) co_return http::not_found();
  std::vector<model::Id> channels;
  if (change.server) {
    for (const auto& channel : change.server->channels) channels.push_back(channel.id);
  }
  if (was_member) deps.events.member_left(server_id, channels, *target);
  publish_permission_change(deps.events, change);
  // Channel sockets of the banned user close with 4003, readers of a public server included.
  deps.events.revoke(channels, *target);
  co_return http::empty_response(http::Status::no_content);
}

http::Task<http::Response> handle_unban(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, chat::perm::ban_members)) {
    co_return std::move(*refusal);
  }
  auto target = parse_id(ctx.param("user_id"));
  if (!target) co_return http::not_found();
  auto server_id = caller.server.id;
  PermissionChange change;
  bool lifted = co_await util::offload(deps.db_pool, [&] {
    bool gone = deps.store.unban(server_id, *target);
    if (gone) change = reload_permissions(deps.store, server_id);
    return gone;
  });
  if (!lifted) co_return http::not_found();
  co_return http::empty_response(http::Status::no_content);
}

http::Task<http::Response> handle_list(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, chat::perm::ban_members)) {
    co_return std::move(*refusal);
  }
  auto server_id = caller.server.id;
  auto all = co_await util::offload(deps.db_pool, [&] { return deps.store.bans(server_id); });
  boost::json::array out;
  for (const auto& ban : all) {
    boost::json::object item;
    item["user"] = {{"id", ban.user_id}, {"username", ban.username}};
    if (ban.reason) {
      item["reason"] = *ban.reason;
    } else {
      item["reason"] = nullptr;
    }
    out.push_back(std::move(item));
  }
  co_return http::json_response(http::Status::ok, boost::json::value(std::move(out)));
}

}  // namespace

void register_ban_routes(http::Router& router, DepsPtr deps) {
  using http::Verb;
  http::RouteOptions auth{.auth = http::AuthPolicy::required};
  const char* one = "/api/servers/{id:int}/bans/{user_id:int}/";
  router.add(
      Verb::get, "/api/servers/{id:int}/bans/",
      [deps](http::RequestContext& c) { return handle_list(*deps, c); }, auth);
  router.add(
      Verb::put, one, [deps](http::RequestContext& c) { return handle_ban(*deps, c); }, auth);
  router.add(
      Verb::delete_, one, [deps](http::RequestContext& c) { return handle_unban(*deps, c); }, auth);
}

}  // namespace api

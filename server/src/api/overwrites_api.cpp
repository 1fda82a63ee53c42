// A channel's permission overwrites and the caller's own bits there (SPEC §10). Overwrites
// need MANAGE_ROLES at server level (an overwrite granting MANAGE_ROLES in one channel is not
// enough to escalate), and only bits the caller holds may be allowed or denied.
#include "api/audit.hpp"
#include "api/community_deps.hpp"
#include "api/permission_bodies.hpp"
#include "api/permission_change.hpp"
#include "api/role_json.hpp"
#include "api/server_caller.hpp"
#include "chat/channel_access.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

struct ChannelManager {
  model::Id channel_id = 0;
  store::ChannelAccess access;
  ServerCaller caller;
};

// 404 unless the caller may view the server channel {id}; 403 without MANAGE_ROLES.
http::Task<std::optional<http::Response>> find_manager(const CommunityDeps& deps,
                                                       http::RequestContext& ctx,
                                                       ChannelManager& found) {
  auto channel_id = parse_id(ctx.param("id"));
  if (!channel_id) co_return http::not_found();
  found.channel_id = *channel_id;
  auto user = ctx.principal->user_id;
  found.access = co_await util::offload(
      deps.db_pool, [&] { return chat::resolve_channel_access(deps.store, *channel_id, user); });
  if (!found.access.found || found.access.dm) co_return http::not_found();
  if (auto missing = co_await find_server_caller(deps, ctx, found.access.server_id, found.caller)) {
    co_return std::move(*missing);
  }
  bool owner = found.caller.server.owner_id == user;
  if (!owner && !(found.caller.is_member && chat::has(found.caller.bits, chat::perm::manage_roles)))
    co_return permission_denied();
  co_return std::nullopt;
}

http::Task<http::Response> handle_mine(const CommunityDeps& deps, http::RequestContext& ctx) {
  auto channel_id = parse_id(ctx.param("id"));
  if (!channel_id) co_return http::not_found();
  auto user = ctx.principal->user_id;
  auto access = co_await util::offload(
      deps.db_pool, [&] { return chat::resolve_channel_access(deps.store, *channel_id, user); });
  if (!access.found) co_return http::not_found();
  boost::json::object out;
  out["permissions"] = std::to_string(access.permissions);
  co_return http::json_response(http::Status::ok, boost::json::value(std::move(out)));
}

http::Task<http::Response> handle_list(const CommunityDeps& deps, http::RequestContext& ctx) {
  ChannelManager found;
  if (auto refused = co_await find_manager(deps, ctx, found)) co_return std::move(*refused);
  auto all = co_await util::offload(
      deps.db_pool, [&] { return deps.store.channel_overwrites(found.channel_id); });
  boost::json::array out;
  for (const auto& overwrite : all) out.push_back(overwrite_json(overwrite));
  co_return http::json_response(http::Status::ok, boost::json::value(std::move(out)));
}

http::Task<http::Response> handle_get(const CommunityDeps& deps, http::RequestContext& ctx) {
  ChannelManager found;
  if (auto refused = co_await find_manager(deps, ctx, found)) co_return std::move(*refused);
  auto target = parse_id(ctx.param("overwrite_id"));
  auto all = co_await util::offload(
      deps.db_pool, [&] { return deps.store.channel_overwrites(found.channel_id); });
  for (const auto& overwrite : all) {
    if (target && overwrite.target_id == *target) {
      co_return http::json_response(http::Status::ok,
                                    boost::json::value(overwrite_json(overwrite)));
    }
  }
  co_return http::not_found();
}

// Target: the channel; changes: the overwrite's id, type and bits, before and after.
AuditRecord overwrite_audit(model::Id server_id, std::string_view action, model::Id actor_id,
                            const std::optional<std::string>& reason,
                            const std::optional<store::Overwrite>& before,
                            const std::optional<store::Overwrite>& after) {
  const auto& any = before ? *before : *after;
  AuditRecord record(server_id, action, actor_id, any.channel_id, reason);
  auto value = [](const std::optional<store::Overwrite>& o, auto get) {
    return o ? get(*o) : boost::json::value(nullptr);
  };
  auto id = [](const store::Overwrite& o) { return boost::json::value(o.target_id); };
  auto type = [](const store::Overwrite& o) {
    return boost::json::value(o.member ? "member" : "role");
  };
  auto allow = [](const store::Overwrite& o) {
    return boost::json::value(std::to_string(o.allow));
  };
  auto deny = [](const store::Overwrite& o) { return boost::json::value(std::to_string(o.deny)); };
  record.change("id", value(before, id), value(after, id));
  record.change("type", value(before, type), value(after, type));
  record.change("allow", value(before, allow), value(after, allow));
  record.change("deny", value(before, deny), value(after, deny));
  return record;
}

http::Task<http::Response> handle_put(const CommunityDeps& deps, http::RequestContext& ctx) {
  ChannelManager found;
  if (auto refused = co_await find_manager(deps, ctx, found)) co_return std::move(*refused);
  auto target = parse_id(ctx.param("overwrite_id"));
  if (!target) co_return http::not_found();
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  auto parsed = read_overwrite_body(body.object, fields);
  if (!parsed) co_return fields.error_response();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  auto server_id = found.caller.server.id;
  auto channel_id = found.channel_id;
  auto target_id = *target;
  // The target must be a role of this server (or @everyone), or one of its members.
  bool target_ok = co_await util::offload(deps.db_pool, [&] {
    if (parsed->member) return deps.store.is_member(server_id, target_id);
    for (const auto& role : deps.store.roles(server_id))
      if (role.id == target_id) return true;
    return false;
  });
  if (!target_ok) {
    co_return field_error(
        "id", parsed->member ? "Not a member of this server." : "Not a role of this server.");
  }
  // Only bits the caller holds, whether allowed or denied (the previous overwrite's bits
  // the caller lacks must stay as they were).
  std::optional<store::Overwrite> before;
  auto existing = co_await util::offload(deps.db_pool,
                                         [&] { return deps.store.channel_overwrites(channel_id); });
  for (const auto& o : existing)
    if (o.target_id == target_id) before = o;
  auto changed =
      (parsed->allow ^ (before ? before->allow : 0)) | (parsed->deny ^ (before ? before->deny : 0));
  if (!chat::may_grant(found.caller.bits, changed)) co_return permission_denied();
  store::Overwrite overwrite{channel_id, target_id, parsed->member, parsed->allow, parsed->deny};
  PermissionChange change;
  co_await util::offload(deps.db_pool, [&] {
    deps.store.transaction([&] {
      deps.store.put_overwrite(overwrite);
      overwrite_audit(server_id, "overwrite.update", found.caller.user_id, audit.reason, before,
                      overwrite)
          .write(deps.store);
    });
    change = reload_permissions(deps.store, server_id);
  });
  publish_permission_change(deps.events, change);
  co_return http::empty_response(http::Status::no_content);
}

http::Task<http::Response> handle_delete(const CommunityDeps& deps, http::RequestContext& ctx) {
  ChannelManager found;
  if (auto refused = co_await find_manager(deps, ctx, found)) co_return std::move(*refused);
  auto target = parse_id(ctx.param("overwrite_id"));
  if (!target) co_return http::not_found();
  auto server_id = found.caller.server.id;
  auto channel_id = found.channel_id;
  auto existing = co_await util::offload(deps.db_pool,
                                         [&] { return deps.store.channel_overwrites(channel_id); });
  std::optional<store::Overwrite> before;
  for (const auto& o : existing)
    if (o.target_id == *target) before = o;
  if (!before) co_return http::not_found();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  if (!chat::may_grant(found.caller.bits, before->allow | before->deny)) {
    co_return permission_denied();
  }
  PermissionChange change;
  co_await util::offload(deps.db_pool, [&] {
    deps.store.transaction([&] {
      if (!deps.store.delete_overwrite(channel_id, *target)) return;
      overwrite_audit(server_id, "overwrite.delete", found.caller.user_id, audit.reason, before,
                      std::nullopt)
          .write(deps.store);
    });
    change = reload_permissions(deps.store, server_id);
  });
  publish_permission_change(deps.events, change);
  co_return http::empty_response(http::Status::no_content);
}

}  // namespace

void register_overwrite_routes(http::Router& router, DepsPtr deps) {
  using http::Verb;
  http::RouteOptions auth{.auth = http::AuthPolicy::required};
  const char* one = "/api/channels/{id:int}/permissions/{overwrite_id:int}/";
  router.add(
      Verb::get, "/api/channels/{id:int}/permissions/@me/",
      [deps](http::RequestContext& c) { return handle_mine(*deps, c); }, auth);
  router.add(
      Verb::get, "/api/channels/{id:int}/permissions/",
      [deps](http::RequestContext& c) { return handle_list(*deps, c); }, auth);
  router.add(
      Verb::get, one, [deps](http::RequestContext& c) { return handle_get(*deps, c); }, auth);
  router.add(
      Verb::put, one, [deps](http::RequestContext& c) { return handle_put(*deps, c); }, auth);
  router.add(
      Verb::delete_, one, [deps](http::RequestContext& c) { return handle_delete(*deps, c); },
      auth);
}

}  // namespace api

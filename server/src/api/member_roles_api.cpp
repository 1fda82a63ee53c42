// Giving and taking a member's roles (SPEC §10): MANAGE_ROLES, and only roles strictly below
// the caller's highest. 204 either way; 404 for a role of another server or a non-member.
#include "api/audit.hpp"
#include "api/community_deps.hpp"
#include "api/permission_change.hpp"
#include "api/request_io.hpp"
#include "api/role_json.hpp"
#include "api/server_caller.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

http::Task<http::Response> handle_assign(const CommunityDeps& deps, http::RequestContext& ctx,
                                         bool add) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, chat::perm::manage_roles)) {
    co_return std::move(*refusal);
  }
  auto user_id = parse_id(ctx.param("user_id"));
  auto role_id = parse_id(ctx.param("role_id"));
  if (!user_id || !role_id) co_return http::not_found();
  auto server_id = caller.server.id;
  if (*role_id == server_id) {
    co_return field_error("non_field_errors", "Every member holds @everyone.");
  }
  auto role = caller.permissions->roles.find(*role_id);
  if (role == caller.permissions->roles.end()) co_return http::not_found();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  if (!chat::outranks(*caller.permissions, caller.user_id, role->second.position)) {
    co_return permission_denied();
  }
  PermissionChange change;
  bool member = co_await util::offload(deps.db_pool, [&] {
    if (!deps.store.is_member(server_id, *user_id)) return false;
    bool changed = false;
    deps.store.transaction([&] {
      changed = add ? deps.store.add_member_role(server_id, *user_id, *role_id)
                    : deps.store.remove_member_role(server_id, *user_id, *role_id);
      if (!changed) return;
      boost::json::value held = *role_id, none = nullptr;
      AuditRecord(server_id, add ? "member.role_add" : "member.role_remove", caller.user_id,
                  *user_id, audit.reason)
          .change("role_id", add ? none : held, add ? held : none)
          .write(deps.store);
    });
    if (changed) change = reload_permissions(deps.store, server_id);
    return true;
  });
  if (!member) co_return http::not_found();
  if (change.permissions)
    change.frames.push_back(member_update_frame(server_id, *user_id, *change.permissions));
  publish_permission_change(deps.events, change);
  co_return http::empty_response(http::Status::no_content);
}

}  // namespace

void register_member_role_routes(http::Router& router, DepsPtr deps) {
  using http::Verb;
  http::RouteOptions auth{.auth = http::AuthPolicy::required};
  const char* path = "/api/servers/{id:int}/members/{user_id:int}/roles/{role_id:int}/";
  router.add(
      Verb::put, path, [deps](http::RequestContext& c) { return handle_assign(*deps, c, true); },
      auth);
  router.add(
      Verb::delete_, path,
      [deps](http::RequestContext& c) { return handle_assign(*deps, c, false); }, auth);
}

}  // namespace api

// A server's roles (SPEC §10): list, create, edit, delete, reorder, with the guard rails:
// MANAGE_ROLES, only on roles strictly below the caller's highest, and only bits they hold.
#include <algorithm>

#include "api/audit.hpp"
#include "api/community_deps.hpp"
#include "api/permission_bodies.hpp"
#include "api/permission_change.hpp"
#include "api/role_json.hpp"
#include "api/server_caller.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

using chat::perm::manage_roles;

// The role {role_id} of the caller's server, or nullopt (404).
std::optional<store::Role> role_of(const std::vector<store::Role>& roles, model::Id role_id) {
  for (const auto& role : roles)
    if (role.id == role_id) return role;
  return std::nullopt;
}

http::Task<http::Response> handle_list(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto missing = co_await find_server_caller(deps, ctx, parse_id(ctx.param("id")), caller)) {
    co_return std::move(*missing);
  }
  auto id = caller.server.id;
  auto roles = co_await util::offload(deps.db_pool, [&] { return deps.store.roles(id); });
  co_return http::json_response(http::Status::ok, roles_json(roles));
}

http::Task<http::Response> handle_create(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, manage_roles)) {
    co_return std::move(*refusal);
  }
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  auto role_fields = read_role_fields(body.object, fields);
  if (!fields.ok()) co_return fields.error_response();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  if (!chat::may_grant(caller.bits, role_fields.permissions.value_or(0))) {
    co_return permission_denied();  // nobody grants bits they lack
  }
  auto id = caller.server.id;
  PermissionChange change;
  auto created = co_await util::offload(deps.db_pool, [&] {
    store::Role role;
    deps.store.transaction([&] {
      role = deps.store.create_role(id, role_fields);
      AuditRecord record(id, "role.create", caller.user_id, role.id, audit.reason);
      add_role_changes(record, std::nullopt, role);
      record.write(deps.store);
    });
    change = reload_permissions(deps.store, id);
    return role;
  });
  change.frames.push_back(role_frame("role.create", id, created));
  publish_permission_change(deps.events, change);
  co_return http::json_response(http::Status::created, boost::json::value(role_json(created)));
}

http::Task<http::Response> handle_update(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, manage_roles)) {
    co_return std::move(*refusal);
  }
  auto role_id = parse_id(ctx.param("role_id"));
  auto id = caller.server.id;
  auto roles = co_await util::offload(deps.db_pool, [&] { return deps.store.roles(id); });
  auto role = role_id ? role_of(roles, *role_id) : std::nullopt;
  if (!role) co_return http::not_found();
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  auto role_fields = read_role_fields(body.object, fields);
  if (role->id == id &&
      (role_fields.name || role_fields.color || role_fields.hoist || role_fields.mentionable)) {
    fields.add_error("non_field_errors", "Only @everyone's permissions can be changed.");
  }
  if (!fields.ok()) co_return fields.error_response();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  if (!chat::outranks(*caller.permissions, caller.user_id, role->position)) {
    co_return permission_denied();
  }
  if (role_fields.permissions &&
      !chat::may_grant(caller.bits, *role_fields.permissions ^ role->permissions)) {
    co_return permission_denied();
  }
  PermissionChange change;
  auto updated = co_await util::offload(deps.db_pool, [&] {
    std::optional<store::Role> now;
    deps.store.transaction([&] {
      now = deps.store.update_role(id, role->id, role_fields);
      if (!now) return;
      AuditRecord record(id, "role.update", caller.user_id, role->id, audit.reason);
      add_role_changes(record, role, now);
      record.write(deps.store);
    });
    change = reload_permissions(deps.store, id);
    return now;
  });
  if (!updated) co_return http::not_found();
  change.frames.push_back(role_frame("role.update", id, *updated));
  publish_permission_change(deps.events, change);
  co_return http::json_response(http::Status::ok, boost::json::value(role_json(*updated)));
}

http::Task<http::Response> handle_delete(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, manage_roles)) {
    co_return std::move(*refusal);
  }
  auto role_id = parse_id(ctx.param("role_id"));
  auto id = caller.server.id;
  auto roles = co_await util::offload(deps.db_pool, [&] { return deps.store.roles(id); });
  auto role = role_id ? role_of(roles, *role_id) : std::nullopt;
  if (!role) co_return http::not_found();
  if (role->id == id) co_return field_error("non_field_errors", "@everyone cannot be deleted.");
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  if (!chat::outranks(*caller.permissions, caller.user_id, role->position)) {
    co_return permission_denied();
  }
  PermissionChange change;
  bool deleted = co_await util::offload(deps.db_pool, [&] {
    bool gone = false;
    deps.store.transaction([&] {
      gone = deps.store.delete_role(id, role->id);
      if (!gone) return;
      AuditRecord record(id, "role.delete", caller.user_id, role->id, audit.reason);
      add_role_changes(record, role, std::nullopt);
      record.write(deps.store);
    });
    change = reload_permissions(deps.store, id);
    return gone;
  });
  if (!deleted) co_return http::not_found();
  change.frames.push_back(role_delete_frame(id, role->id));
  publish_permission_change(deps.events, change);
  co_return http::empty_response(http::Status::no_content);
}

// PATCH [{"id", "position"}]: the listed roles move to those positions (1 = just above
// @everyone), the others keep their order around them.
http::Task<http::Response> handle_reorder(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, manage_roles)) {
    co_return std::move(*refusal);
  }
  boost::system::error_code ec;
  auto parsed = boost::json::parse(ctx.request.body(), ec);
  if (ec) co_return field_error("non_field_errors", "JSON parse error - " + ec.message());
  std::optional<http::Response> error;
  auto moves = read_role_positions(parsed, error);
  if (!moves) co_return std::move(*error);
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  auto id = caller.server.id;
  auto roles = co_await util::offload(deps.db_pool, [&] { return deps.store.roles(id); });
  std::vector<model::Id> order;  // by position, @everyone left out
  for (const auto& role : roles)
    if (role.id != id) order.push_back(role.id);
  auto count = static_cast<std::int64_t>(order.size());
  for (const auto& move : *moves) {
    auto role = role_of(roles, move.id);
    if (!role || role->id == id) {
      co_return field_error("non_field_errors",
                            "Role " + std::to_string(move.id) + " is not a role of this server.");
    }
    if (move.position < 1 || move.position > count) {
      co_return field_error("non_field_errors",
                            "Positions go from 1 to " + std::to_string(count) + ".");
    }
    if (!chat::outranks(*caller.permissions, caller.user_id, role->position) ||
        !chat::outranks(*caller.permissions, caller.user_id, static_cast<int>(move.position))) {
      co_return permission_denied();
    }
  }
  auto sorted = *moves;
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.position < b.position; });
  std::erase_if(order, [&](model::Id role_id) {
    return std::any_of(sorted.begin(), sorted.end(),
                       [&](const auto& m) { return m.id == role_id; });
  });
  for (const auto& move : sorted) {
    auto at = std::min<std::size_t>(static_cast<std::size_t>(move.position - 1), order.size());
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), move.id);
  }
  PermissionChange change;
  auto now = co_await util::offload(deps.db_pool, [&] {
    std::vector<store::Role> after;
    deps.store.transaction([&] {
      deps.store.set_role_order(id, order);
      after = deps.store.roles(id);
      for (const auto& role : after) {  // one role.update per role that moved
        auto before = role_of(roles, role.id);
        if (!before || before->position == role.position) continue;
        AuditRecord(id, "role.update", caller.user_id, role.id, audit.reason)
            .change("position", before->position, role.position)
            .write(deps.store);
      }
    });
    change = reload_permissions(deps.store, id);
    return after;
  });
  for (const auto& role : now) {  // the roles that moved
    auto before = role_of(roles, role.id);
    if (before && before->position != role.position)
      change.frames.push_back(role_frame("role.update", id, role));
  }
  publish_permission_change(deps.events, change);
  co_return http::json_response(http::Status::ok, roles_json(now));
}

}  // namespace

void register_role_routes(http::Router& router, DepsPtr deps) {
  using http::Verb;
  http::RouteOptions auth{.auth = http::AuthPolicy::required};
  const char* list = "/api/servers/{id:int}/roles/";
  const char* one = "/api/servers/{id:int}/roles/{role_id:int}/";
  router.add(
      Verb::get, list, [deps](http::RequestContext& c) { return handle_list(*deps, c); }, auth);
  router.add(
      Verb::post, list, [deps](http::RequestContext& c) { return handle_create(*deps, c); }, auth);
  router.add(
      Verb::patch, list, [deps](http::RequestContext& c) { return handle_reorder(*deps, c); },
      auth);
  router.add(
      Verb::patch, one, [deps](http::RequestContext& c) { return handle_update(*deps, c); }, auth);
  router.add(
      Verb::delete_, one, [deps](http::RequestContext& c) { return handle_delete(*deps, c); },
      auth);
}

}  // namespace api

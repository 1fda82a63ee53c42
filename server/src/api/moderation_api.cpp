// Moderation (SPEC §10): kicking a member (KICK_MEMBERS) and timing one out (MODERATE_MEMBERS),
// each only on members whose highest role is strictly below the caller's; the owner can be
// neither kicked nor timed out, administrators not timed out. Each action and its audit entry
// commit together.
#include <boost/json/serialize.hpp>

#include "api/audit.hpp"
#include "api/community_deps.hpp"
#include "api/permission_change.hpp"
#include "api/request_io.hpp"
#include "api/server_caller.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "util/log.hpp"
#include "util/offload.hpp"
#include "util/time.hpp"

namespace api {
namespace {

constexpr std::int64_t kMaxTimeoutMicros = 28LL * 86400 * 1'000'000;
// The client computes "28 days from now" on its own clock and the request takes a moment.
constexpr std::int64_t kClockSlackMicros = 60LL * 1'000'000;

boost::json::value optional_time(std::optional<std::int64_t> t) {
  return t ? boost::json::value(util::iso8601_micros(*t)) : boost::json::value(nullptr);
}

// 403 unless the caller may act on the target: not the owner, below the caller's rank.
bool may_act_on(const ServerCaller& caller, model::Id target) {
  if (target == caller.server.owner_id) return false;
  return chat::outranks(*caller.permissions, caller.user_id,
                        chat::highest_position(*caller.permissions, target));
}

http::Task<http::Response> handle_kick(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, chat::perm::kick_members)) {
    co_return std::move(*refusal);
  }
  auto target = parse_id(ctx.param("user_id"));
  if (!target) co_return http::not_found();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  if (!may_act_on(caller, *target)) co_return permission_denied();
  auto server_id = caller.server.id;
  std::vector<model::Id> channels;
  bool removed = false;
  co_await util::offload(deps.db_pool, [&] {
    deps.store.transaction([&] {
      removed = deps.store.remove_member(server_id, *target);
      if (removed) {
        AuditRecord(server_id, "member.kick", caller.user_id, *target, audit.reason)
            .write(deps.store);
      }
    });
    if (!removed) return;
    if (auto server = deps.store.member_server(server_id)) {
      for (const auto& channel : server->channels) channels.push_back(channel.id);
    }
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

// PATCH /api/servers/{id}/members/{user_id}/ {"timeout_until": ts|null}: a time in the past
// lifts the timeout like null does.
http::Task<http::Response> handle_timeout(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, chat::perm::moderate_members)) {
    co_return std::move(*refusal);
  }
  auto target = parse_id(ctx.param("user_id"));
  if (!target) co_return http::not_found();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  auto field = body.object.find("timeout_until");
  if (field == body.object.end()) co_return field_error("timeout_until", "This field is required.");
  auto now = util::now_micros();
  std::optional<std::int64_t> until;
  if (!field->value().is_null()) {
    auto* text = field->value().if_string();
    auto parsed =
        text ? util::parse_iso8601(std::string_view(text->data(), text->size())) : std::nullopt;
    if (!parsed) {
      co_return field_error("timeout_until",
                            "Datetime has wrong format. Use one of these formats instead: "
                            "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].");
    }
    if (*parsed > now + kMaxTimeoutMicros + kClockSlackMicros) {
      co_return field_error("timeout_until", "A timeout lasts at most 28 days.");
    }
    if (*parsed > now) until = *parsed;
  }
  if (!may_act_on(caller, *target)) co_return permission_denied();
  if (chat::has(chat::server_permissions(*caller.permissions, *target, true),
                chat::perm::administrator)) {
    co_return permission_denied();  // administrators are above timeouts
  }
  auto server_id = caller.server.id;
  bool member = false;
  PermissionChange change;
  co_await util::offload(deps.db_pool, [&] {
    deps.store.transaction([&] {
      auto before = deps.store.timeout_until(server_id, *target, now);
      member = deps.store.set_timeout(server_id, *target, until, now);
      if (member && before != until) {
        AuditRecord(server_id, "member.timeout", caller.user_id, *target, audit.reason)
            .change("timeout_until", optional_time(before), optional_time(until))
            .write(deps.store);
      }
    });
    if (member) change = reload_permissions(deps.store, server_id);
  });
  if (!member) co_return http::not_found();
  // Open sockets take the new timeout from the server's permission data.
  publish_permission_change(deps.events, change);
  util::LogEvent(until ? "member.timed_out" : "member.timeout_lifted")
      .add("server_id", server_id)
      .add("user_id", *target)
      .add("by", caller.user_id)
      .info();
  co_return http::json_response(
      http::Status::ok,
      boost::json::value{
          {"server_id", server_id}, {"user_id", *target}, {"timeout_until", optional_time(until)}});
}

}  // namespace

void register_moderation_routes(http::Router& router, DepsPtr deps) {
  http::RouteOptions auth{.auth = http::AuthPolicy::required};
  const char* member = "/api/servers/{id:int}/members/{user_id:int}/";
  router.add(
      http::Verb::delete_, member,
      [deps](http::RequestContext& c) { return handle_kick(*deps, c); }, auth);
  router.add(
      http::Verb::patch, member,
      [deps](http::RequestContext& c) { return handle_timeout(*deps, c); }, auth);
}

}  // namespace api

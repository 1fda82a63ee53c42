// Invites (SPEC §10): a server's members with CREATE_INSTANT_INVITE create them, anyone may
// preview one without logging in, whoever is logged in joins through one; the creator or a
// MANAGE_GUILD holder revokes. A join through an invite emits the same events as the
// original's join route (api/member_join.hpp).
#include <boost/json/serialize.hpp>

#include "api/audit.hpp"
#include "api/community_deps.hpp"
#include "api/community_json.hpp"
#include "api/member_join.hpp"
#include "api/request_io.hpp"
#include "api/server_caller.hpp"
#include "chat/invite_rules.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "util/log.hpp"
#include "util/offload.hpp"
#include "util/time.hpp"

namespace api {
namespace {

// A fresh code collides with a stored one about never (62^10 codes); a few draws bound it.
constexpr int kCodeAttempts = 4;
constexpr model::Micros kMicrosPerSecond = 1'000'000;

boost::json::object invite_json(const model::Invite& invite) {
  boost::json::object out;
  out["code"] = invite.code;
  out["server_id"] = invite.server_id;
  if (invite.inviter_id) {
    out["inviter_id"] = *invite.inviter_id;
  } else {
    out["inviter_id"] = nullptr;
  }
  out["uses"] = invite.uses;
  out["max_uses"] = invite.max_uses;
  if (invite.expires_at) {
    out["expires_at"] = util::iso8601_micros(*invite.expires_at);
  } else {
    out["expires_at"] = nullptr;
  }
  out["created_at"] = util::iso8601_micros(invite.created_at);
  return out;
}

// {"code", "server": {"id", "name", "icon", "num_members"}}: what the invite leads to.
boost::json::value preview_json(std::string_view code, const model::Server& server) {
  boost::json::object shown;
  shown["id"] = server.id;
  shown["name"] = server.name;
  shown["icon"] = media_url(server.icon);
  shown["num_members"] = server.num_members.value_or(0);
  return boost::json::value{{"code", code}, {"server", std::move(shown)}};
}

bool may_manage(const ServerCaller& caller) {
  return caller.server.owner_id == caller.user_id ||
         (caller.is_member && chat::has(caller.bits, chat::perm::manage_guild));
}

http::Task<http::Response> handle_create(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal =
          co_await refuse_without(deps, ctx, caller, chat::perm::create_instant_invite)) {
    co_return std::move(*refusal);
  }
  // Every field is optional, so no body at all is the defaults.
  JsonObjectBody body;
  if (!ctx.request.body().empty()) {
    body = read_json_object(ctx.request);
    if (body.error) co_return std::move(*body.error);
  }
  FieldReader fields(body.object);
  auto max_age = fields.integer("max_age", 0, chat::kMaxInviteAge, false);
  auto max_uses = fields.integer("max_uses", 0, chat::kMaxInviteUses, false);
  if (!fields.ok()) co_return fields.error_response();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);

  store::NewInvite invite;
  invite.server_id = caller.server.id;
  invite.inviter_id = caller.user_id;
  invite.max_uses = max_uses.value_or(0);
  invite.now = util::now_micros();
  auto age = max_age.value_or(chat::kDefaultInviteAge);
  if (age != 0) invite.expires_at = invite.now + age * kMicrosPerSecond;
  auto outcome = co_await util::offload(deps.db_pool, [&] {
    auto result = store::InviteCreation::code_taken;
    for (int attempt = 0; attempt < kCodeAttempts && result == store::InviteCreation::code_taken;
         ++attempt) {
      invite.code = chat::new_invite_code();
      deps.store.transaction([&] {
        result = deps.store.create_invite(invite);
        if (result != store::InviteCreation::created) return;
        AuditRecord(invite.server_id, "invite.create", invite.inviter_id, std::nullopt,
                    audit.reason)
            .change("code", nullptr, invite.code)
            .change("max_age", nullptr, age)
            .change("max_uses", nullptr, invite.max_uses)
            .write(deps.store);
      });
    }
    return result;
  });
  if (outcome == store::InviteCreation::too_many) {
    co_return http::error_response(
        http::Status::bad_request,
        "Maximum number of invites reached (" + std::to_string(store::kMaxInvitesPerServer) + ").");
  }
  if (outcome != store::InviteCreation::created) {
    co_return http::error_response(http::Status::service_unavailable, "Please try again.");
  }
  util::LogEvent("invite.created")
      .add("server_id", invite.server_id)
      .add("inviter", invite.inviter_id)
      .info();
  model::Invite created{invite.code,     invite.server_id,  invite.inviter_id, 0,
                        invite.max_uses, invite.expires_at, invite.now};
  co_return http::json_response(http::Status::created, boost::json::value(invite_json(created)));
}

// MANAGE_GUILD holders (and the owner) see every invite of the server; other members who may
// create invites see their own; everyone else is refused.
http::Task<http::Response> handle_list(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto missing = co_await find_server_caller(deps, ctx, parse_id(ctx.param("id")), caller)) {
    co_return std::move(*missing);
  }
  std::optional<model::Id> only;
  if (!may_manage(caller)) {
    if (!caller.is_member || !chat::has(caller.bits, chat::perm::create_instant_invite)) {
      co_return permission_denied();
    }
    only = caller.user_id;
  }
  auto invites = co_await util::offload(deps.db_pool, [&] {
    return deps.store.server_invites(caller.server.id, only, util::now_micros());
  });
  boost::json::array body;
  body.reserve(invites.size());
  for (const auto& invite : invites) body.emplace_back(invite_json(invite));
  co_return http::json_response(http::Status::ok, boost::json::value(std::move(body)));
}

http::Task<http::Response> handle_revoke(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto missing = co_await find_server_caller(deps, ctx, parse_id(ctx.param("id")), caller)) {
    co_return std::move(*missing);
  }
  auto code = ctx.param("code");
  if (!chat::plausible_invite_code(code)) co_return http::not_found();
  // The creator revokes their own invite as long as they are a member; MANAGE_GUILD anyone's.
  if (!caller.is_member && caller.server.owner_id != caller.user_id) co_return permission_denied();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  store::InviteRevocation revocation{caller.server.id, std::string(code), caller.user_id,
                                     may_manage(caller)};
  auto result = co_await util::offload(deps.db_pool, [&] {
    store::RevokeResult outcome;
    deps.store.transaction([&] {
      outcome = deps.store.revoke_invite(revocation);
      if (outcome.status != store::RevokeStatus::revoked) return;
      AuditRecord(revocation.server_id, "invite.delete", revocation.actor_id, std::nullopt,
                  audit.reason)
          .change("code", revocation.code, nullptr)
          .write(deps.store);
    });
    return outcome;
  });
  if (result.status == store::RevokeStatus::not_found) co_return http::not_found();
  if (result.status == store::RevokeStatus::forbidden) co_return permission_denied();
  util::LogEvent("invite.revoked")
      .add("server_id", revocation.server_id)
      .add("actor", revocation.actor_id)
      .info();
  co_return http::empty_response(http::Status::no_content);
}

// Without login: a usable invite's server, however private (holding the code is the point).
http::Task<http::Response> handle_preview(const CommunityDeps& deps, http::RequestContext& ctx) {
  auto code = std::string(ctx.param("code"));
  if (!chat::plausible_invite_code(code)) co_return http::not_found();
  auto server = co_await util::offload(deps.db_pool, [&]() -> std::optional<model::Server> {
    auto invite = deps.store.usable_invite(code, util::now_micros());
    if (!invite) return std::nullopt;
    return deps.store.find_server(invite->server_id);
  });
  if (!server) co_return http::not_found();
  co_return http::json_response(http::Status::ok, preview_json(code, *server));
}

http::Task<http::Response> handle_join(const CommunityDeps& deps, http::RequestContext& ctx) {
  auto code = std::string(ctx.param("code"));
  if (!chat::plausible_invite_code(code)) co_return http::not_found();
  auto user = ctx.principal->user_id;
  JoinedServer joined;
  std::optional<model::Server> server;
  auto result = co_await util::offload(deps.db_pool, [&] {
    auto redeemed = deps.store.redeem_invite(code, user, util::now_micros());
    if (redeemed.status == store::Redemption::joined) {
      joined = read_joined_server(deps.store, redeemed.server_id, user);
      server = deps.store.find_server(redeemed.server_id);
    }
    return redeemed;
  });
  switch (result.status) {
    case store::Redemption::not_found:
      co_return http::not_found();
    case store::Redemption::banned:
      co_return permission_denied();
    case store::Redemption::already:
      co_return http::json_response(http::Status::conflict,
                                    boost::json::value{{"error", "User is already a member"}});
    case store::Redemption::joined:
      break;
  }
  announce_join(deps, joined, user);
  util::LogEvent("invite.used").add("server_id", result.server_id).add("user", user).info();
  if (!server) co_return http::not_found();  // deleted just after the join
  co_return http::json_response(http::Status::ok, preview_json(code, *server));
}

}  // namespace

void register_invite_routes(http::Router& router, DepsPtr deps) {
  using http::Verb;
  http::RouteOptions auth{.auth = http::AuthPolicy::required};
  const char* all = "/api/servers/{id:int}/invites/";
  router.add(
      Verb::post, all, [deps](http::RequestContext& c) { return handle_create(*deps, c); }, auth);
  router.add(
      Verb::get, all, [deps](http::RequestContext& c) { return handle_list(*deps, c); }, auth);
  router.add(
      Verb::delete_, "/api/servers/{id:int}/invites/{code}/",
      [deps](http::RequestContext& c) { return handle_revoke(*deps, c); }, auth);
  router.add(Verb::get, "/api/invites/{code}/",
             [deps](http::RequestContext& c) { return handle_preview(*deps, c); });
  router.add(
      Verb::post, "/api/invites/{code}/",
      [deps](http::RequestContext& c) { return handle_join(*deps, c); }, auth);
}

}  // namespace api

// Bans (SPEC §10): BAN_MEMBERS, never the owner, only members ranked below the caller. A banned
// user loses the membership and every right on the server (its channels are not found to them,
// public or not), cannot rejoin, and their open channel sockets there close with 4003. A ban
// may delete the user's messages of the last delete_message_seconds (at most 7 days).
#include "api/audit.hpp"
#include "api/community_deps.hpp"
#include "api/permission_change.hpp"
#include "api/request_io.hpp"
#include "api/server_caller.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "realtime/event.hpp"
#include "util/log.hpp"
#include "util/offload.hpp"
#include "util/time.hpp"

namespace api {
namespace {

constexpr std::size_t kMaxBanReason = 512;
constexpr std::int64_t kMaxDeleteSeconds = 7 * 86400;
// The most recent messages a ban deletes; older ones in the window stay (a moderator can
// delete them one by one). Bounds the writer's work for one request.
constexpr int kMaxPurgedMessages = 10000;

http::Task<http::Response> handle_ban(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, chat::perm::ban_members)) {
    co_return std::move(*refusal);
  }
  auto target = parse_id(ctx.param("user_id"));
  if (!target) co_return http::not_found();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  auto reason = fields.nullable_text("reason", kMaxBanReason);
  auto delete_seconds = fields.integer("delete_message_seconds", 0, kMaxDeleteSeconds, false);
  if (!fields.ok()) co_return fields.error_response();
  if (*target == caller.server.owner_id) co_return permission_denied();
  if (!chat::outranks(*caller.permissions, caller.user_id,
                      chat::highest_position(*caller.permissions, *target))) {
    co_return permission_denied();
  }
  auto server_id = caller.server.id;
  std::optional<std::string> why = reason ? *reason : std::nullopt;
  // The log's reason is the header's; without one, the ban's own.
  auto logged_reason = audit.reason ? audit.reason : why;
  auto now = util::now_micros();
  bool account = false;
  bool was_member = false;
  PermissionChange change;
  std::vector<store::AuthoredMessage> recent;
  co_await util::offload(deps.db_pool, [&] {
    deps.store.transaction([&] {
      if (!deps.store.find_account(*target)) return;
      account = true;
      was_member = deps.store.ban(server_id, *target, why);
      AuditRecord record(server_id, "member.ban", caller.user_id, *target, logged_reason);
      if (delete_seconds && *delete_seconds > 0) {
        record.note("delete_message_seconds", *delete_seconds);
      }
      record.write(deps.store);
    });
    if (!account) return;
    change = reload_permissions(deps.store, server_id);
    if (delete_seconds && *delete_seconds > 0) {
      recent = deps.store.messages_since(server_id, *target, now - *delete_seconds * 1'000'000,
                                         kMaxPurgedMessages);
    }
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
  // Their recent messages go through the event writer like any delete: every reader sees
  // message.delete, the files and the search index follow.
  if (!recent.empty() && !deps.chat.purge_messages(caller.user_id, recent)) {
    util::LogEvent("ban.purge_incomplete")
        .add("server_id", server_id)
        .add("user_id", *target)
        .warn();
  }
  util::LogEvent("member.banned")
      .add("server_id", server_id)
      .add("user_id", *target)
      .add("by", caller.user_id)
      .add("messages_deleted", static_cast<std::int64_t>(recent.size()))
      .info();
  co_return http::empty_response(http::Status::no_content);
}

http::Task<http::Response> handle_unban(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, chat::perm::ban_members)) {
    co_return std::move(*refusal);
  }
  auto target = parse_id(ctx.param("user_id"));
  if (!target) co_return http::not_found();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  auto server_id = caller.server.id;
  PermissionChange change;
  bool lifted = false;
  co_await util::offload(deps.db_pool, [&] {
    deps.store.transaction([&] {
      lifted = deps.store.unban(server_id, *target);
      if (lifted) {
        AuditRecord(server_id, "member.unban", caller.user_id, *target, audit.reason)
            .write(deps.store);
      }
    });
    if (lifted) change = reload_permissions(deps.store, server_id);
  });
  if (!lifted) co_return http::not_found();
  publish_permission_change(deps.events, change);
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

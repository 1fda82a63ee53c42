// A server's channels, managed by its owner (docs/API.md): add, rename, re-topic, reorder,
// delete.
#include "api/audit.hpp"
#include "api/community_deps.hpp"
#include "api/community_json.hpp"
#include "api/request_io.hpp"
#include "chat/channel_access.hpp"
#include "chat/community_rules.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

struct OwnedChannel {
  std::optional<model::Server> server;
  std::optional<model::Channel> channel;  // set when asked for and it belongs to the server
};

http::Task<http::Response> handle_channel_create(const CommunityDeps& deps,
                                                 http::RequestContext& ctx) {
  std::int64_t server_id = 0;
  if (auto refusal =
          co_await refuse_unless_allowed(deps, ctx, server_id, chat::perm::manage_channels)) {
    co_return std::move(*refusal);
  }

  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  auto name = fields.text("name", chat::kMaxChannelName, true, false);
  auto topic = fields.text("topic", chat::kMaxChannelTopic, false, true);
  if (!fields.ok()) co_return fields.error_response();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);

  store::NewChannel channel{server_id, ctx.principal->user_id, *name, topic.value_or("")};
  auto created = co_await util::offload(deps.db_pool, [&] {
    std::optional<model::Channel> made;
    deps.store.transaction([&] {
      made = deps.store.find_channel(deps.store.create_channel(channel));
      if (!made) return;
      AuditRecord(server_id, "channel.create", channel.owner_id, made->id, audit.reason)
          .change("name", nullptr, made->name)
          .change("topic", nullptr, made->topic)
          .write(deps.store);
    });
    return made;
  });
  if (!created) co_return http::not_found();
  deps.events.channel_created(*created);
  co_return http::json_response(http::Status::created, boost::json::value(channel_json(*created)));
}

// Loads the server and the channel; answers 404/403 unless the caller owns the server and
// the channel is one of its channels.
http::Task<std::optional<http::Response>> check_owned_channel(
    const CommunityDeps& deps, http::RequestContext& ctx, std::optional<std::int64_t> server_id,
    std::optional<std::int64_t> channel_id, OwnedChannel& found) {
  if (!server_id || !channel_id) co_return http::not_found();
  auto user_id = ctx.principal->user_id;
  std::uint64_t bits = 0;
  found = co_await util::offload(deps.db_pool, [&] {
    OwnedChannel result;
    result.server = deps.store.find_server(*server_id);
    result.channel = deps.store.find_channel(*channel_id);
    if (result.channel && result.channel->server_id == *server_id) {
      bits = chat::resolve_channel_access(deps.store, *channel_id, user_id).permissions;
    }
    return result;
  });
  if (!found.server || !found.channel || found.channel->server_id != *server_id) {
    co_return http::not_found();
  }
  // MANAGE_CHANNELS in that channel (an overwrite may grant or withhold it there); a channel
  // the caller may not view is not found.
  if (!chat::has(bits, chat::perm::view_channel)) co_return http::not_found();
  if (!chat::has(bits, chat::perm::manage_channels)) co_return permission_denied();
  co_return std::nullopt;
}

}  // namespace

http::Task<http::Response> update_server_channel(const CommunityDeps& deps,
                                                 http::RequestContext& ctx,
                                                 std::optional<std::int64_t> server_id,
                                                 std::optional<std::int64_t> requested_id) {
  OwnedChannel found;
  if (auto refused = co_await check_owned_channel(deps, ctx, server_id, requested_id, found)) {
    co_return std::move(*refused);
  }

  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  store::ChannelPatch patch;
  patch.name = fields.text("name", chat::kMaxChannelName, false, false);
  patch.topic = fields.text("topic", chat::kMaxChannelTopic, false, true);
  if (auto position = fields.integer("position", 0, 100000, false)) {
    patch.position = static_cast<int>(*position);
  }
  if (!fields.ok()) co_return fields.error_response();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);

  auto channel_id = found.channel->id;
  const auto& before = *found.channel;
  auto user_id = ctx.principal->user_id;
  auto updated = co_await util::offload(deps.db_pool, [&] {
    std::optional<model::Channel> now;
    deps.store.transaction([&] {
      if (!deps.store.update_channel(channel_id, patch)) return;
      now = deps.store.find_channel(channel_id);
      if (!now) return;
      AuditRecord(before.server_id, "channel.update", user_id, channel_id, audit.reason)
          .change("name", before.name, now->name)
          .change("topic", before.topic, now->topic)
          .change("position", before.position, now->position)
          .write(deps.store);
    });
    return now;
  });
  if (!updated) co_return http::not_found();
  deps.events.channel_updated(*updated);
  co_return http::json_response(http::Status::ok, boost::json::value(channel_json(*updated)));
}

namespace {

http::Task<http::Response> handle_channel_update(const CommunityDeps& deps,
                                                 http::RequestContext& ctx) {
  co_return co_await update_server_channel(deps, ctx, parse_id(ctx.param("id")),
                                           parse_id(ctx.param("channel_id")));
}

http::Task<http::Response> handle_channel_delete(const CommunityDeps& deps,
                                                 http::RequestContext& ctx) {
  OwnedChannel found;
  if (auto refused = co_await check_owned_channel(deps, ctx, parse_id(ctx.param("id")),
                                                  parse_id(ctx.param("channel_id")), found)) {
    co_return std::move(*refused);
  }
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  auto channel_id = found.channel->id;
  const auto& before = *found.channel;
  auto user_id = ctx.principal->user_id;
  bool deleted = co_await util::offload(deps.db_pool, [&] {
    bool gone = false;
    deps.store.transaction([&] {
      gone = deps.store.delete_channel(channel_id);
      if (!gone) return;
      AuditRecord(before.server_id, "channel.delete", user_id, channel_id, audit.reason)
          .change("name", before.name, nullptr)
          .change("topic", before.topic, nullptr)
          .write(deps.store);
    });
    return gone;
  });
  if (!deleted) co_return http::not_found();
  deps.events.channel_deleted(found.server->id, channel_id);
  co_return http::empty_response(http::Status::no_content);
}

}  // namespace

void register_channel_routes(http::Router& router, DepsPtr deps) {
  using http::AuthPolicy;
  using http::Verb;
  router.add(Verb::post, "/api/servers/{id:int}/channels/",
             [deps](http::RequestContext& ctx) { return handle_channel_create(*deps, ctx); },
             {.auth = AuthPolicy::required});
  router.add(Verb::patch, "/api/servers/{id:int}/channels/{channel_id:int}/",
             [deps](http::RequestContext& ctx) { return handle_channel_update(*deps, ctx); },
             {.auth = AuthPolicy::required});
  router.add(Verb::delete_, "/api/servers/{id:int}/channels/{channel_id:int}/",
             [deps](http::RequestContext& ctx) { return handle_channel_delete(*deps, ctx); },
             {.auth = AuthPolicy::required});
}

}  // namespace api

// The original's history route (SPEC §2): GET /api/messages/?channel_id=N, now with §7's
// message objects.
#include "api/community_deps.hpp"
#include "api/history.hpp"
#include "chat/channel_access.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

http::Task<http::Response> handle_messages(const CommunityDeps& deps, http::RequestContext& ctx) {
  std::optional<http::Response> error;
  auto channel_id = id_param(ctx, "channel_id", error);
  if (error) co_return std::move(*error);
  // As the original: no channel named, no conversation, an empty history.
  if (!channel_id) co_return http::json_response(http::Status::ok, std::string("[]"));
  // A DM is read only by its recipients (SPEC §9), a channel hidden by overwrites only by
  // those who may view it (SPEC §10); an unknown channel keeps the original's empty history.
  auto id = *channel_id;
  auto user_id = ctx.principal->user_id;
  auto hidden = co_await util::offload(deps.db_pool, [&] {
    auto access = chat::resolve_channel_access(deps.store, id, user_id);
    if (access.found) return !chat::has(access.permissions, chat::perm::read_message_history);
    return deps.store.find_direct_channel(id).has_value() || deps.store.find_channel(id);
  });
  if (hidden) co_return http::not_found();
  // A named local: GCC 12 destroys a temporary std::string argument of a coroutine twice.
  const std::string link_base = "/api/messages/?channel_id=" + std::to_string(*channel_id) + "&";
  co_return co_await history_page(deps.store, deps.db_pool, ctx, *channel_id, link_base);
}

}  // namespace

void register_message_routes(http::Router& router, DepsPtr deps) {
  router.add(http::Verb::get, "/api/messages/",
             [deps](http::RequestContext& ctx) { return handle_messages(*deps, ctx); },
             {.auth = http::AuthPolicy::required});
}

}  // namespace api

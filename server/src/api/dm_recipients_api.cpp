// A group's recipients (SPEC §9): its owner adds and removes people; anyone leaves.
#include "api/dm_deps.hpp"
#include "api/request_io.hpp"
#include "chat/channel_access.hpp"
#include "chat/dm_rules.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

using http::Status;

struct GroupCaller {
  std::optional<model::DirectChannel> dm;  // set when the caller is in it
  std::optional<store::DmReach> target;    // PUT: the user to add, as the caller reaches them
};

bool has_recipient(const model::DirectChannel& dm, model::Id user_id) {
  for (const auto& user : dm.recipients) {
    if (user.id == user_id) return true;
  }
  return false;
}

// The group of the route, when the caller is one of its recipients (404 otherwise: a DM is
// invisible to others), and the answer to give when it is a 1:1.
http::Task<std::optional<http::Response>> find_group(const DmDeps& deps, http::RequestContext& ctx,
                                                     bool reach_target, GroupCaller& found,
                                                     model::Id& user_id) {
  auto channel_id = parse_id(ctx.param("id"));
  auto target_id = parse_id(ctx.param("user_id"));
  if (!channel_id || !target_id) co_return http::not_found();
  auto caller = ctx.principal->user_id;
  auto id = *channel_id;
  user_id = *target_id;
  auto target = *target_id;
  found = co_await util::offload(deps.db_pool, [&] {
    GroupCaller result;
    auto access = chat::resolve_channel_access(deps.store, id, caller);
    if (!access.found || !access.dm) return result;
    result.dm = deps.store.find_direct_channel(id);
    if (reach_target) result.target = deps.store.dm_reach(caller, {target}).front();
    return result;
  });
  if (!found.dm) co_return http::not_found();
  if (found.dm->kind != model::DmKind::group) {
    co_return http::error_response(Status::bad_request,
                                   "Only group DMs have recipients to add or remove.");
  }
  co_return std::nullopt;
}

http::Task<http::Response> handle_add(const DmDeps& deps, http::RequestContext& ctx) {
  GroupCaller found;
  model::Id user_id = 0;
  if (auto refusal = co_await find_group(deps, ctx, true, found, user_id)) {
    co_return std::move(*refusal);
  }
  auto caller = ctx.principal->user_id;
  if (found.dm->owner_id != caller) co_return permission_denied();
  if (!found.target || !found.target->exists) co_return http::not_found();
  if (has_recipient(*found.dm, user_id)) co_return http::empty_response(Status::no_content);
  if (found.dm->recipients.size() >= static_cast<std::size_t>(store::kMaxGroupOthers + 1)) {
    co_return http::error_response(Status::bad_request, "A group DM holds at most 10 people.");
  }
  if (!chat::may_reach(*found.target)) co_return permission_denied();
  auto id = found.dm->id;
  auto updated = co_await util::offload(deps.db_pool, [&] {
    bool added = deps.store.add_recipient(id, user_id);
    return added ? deps.store.find_direct_channel(id) : std::nullopt;
  });
  if (updated) {
    deps.events.joined(*updated, user_id);
    deps.events.updated(*updated);
  }
  co_return http::empty_response(Status::no_content);
}

http::Task<http::Response> handle_remove(const DmDeps& deps, http::RequestContext& ctx) {
  GroupCaller found;
  model::Id user_id = 0;
  if (auto refusal = co_await find_group(deps, ctx, false, found, user_id)) {
    co_return std::move(*refusal);
  }
  auto caller = ctx.principal->user_id;
  // Leaving is anyone's right; removing someone else is the owner's.
  if (user_id != caller && found.dm->owner_id != caller) co_return permission_denied();
  if (!has_recipient(*found.dm, user_id)) co_return http::not_found();
  auto id = found.dm->id;
  auto updated = co_await util::offload(deps.db_pool, [&] {
    bool removed = deps.store.remove_recipient(id, user_id);
    return removed ? deps.store.find_direct_channel(id) : std::nullopt;
  });
  if (updated) {
    deps.events.left(id, user_id);
    deps.events.updated(*updated);
  }
  co_return http::empty_response(Status::no_content);
}

}  // namespace

void register_dm_recipient_routes(http::Router& router, DmDepsPtr deps) {
  using http::Verb;
  const http::RouteOptions auth{.auth = http::AuthPolicy::required};
  router.add(
      Verb::put, "/api/channels/{id:int}/recipients/{user_id:int}/",
      [deps](http::RequestContext& ctx) { return handle_add(*deps, ctx); }, auth);
  router.add(
      Verb::delete_, "/api/channels/{id:int}/recipients/{user_id:int}/",
      [deps](http::RequestContext& ctx) { return handle_remove(*deps, ctx); }, auth);
}

}  // namespace api

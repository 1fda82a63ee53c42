// Opening and listing direct messages, and renaming a group (SPEC §9). PATCH
// /api/channels/{id}/ serves server channels too: it goes to the handler of the channel's kind.
#include <algorithm>
#include <unordered_set>

#include "api/dm_deps.hpp"
#include "api/request_io.hpp"
#include "chat/channel_access.hpp"
#include "chat/dm_rules.hpp"
#include "codec/dm_json.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

using http::Status;

// The recipients list of a POST body: distinct ids of others, 1 to kMaxGroupOthers of them;
// the error to answer otherwise.
std::vector<std::int64_t> read_recipients(const boost::json::object& body, std::int64_t caller,
                                          FieldReader& fields) {
  std::vector<std::int64_t> ids;
  auto* value = body.if_contains("recipients");
  if (!value) {
    fields.add_error("recipients", "This field is required.");
    return ids;
  }
  if (!value->is_array()) {
    fields.add_error("recipients", "Expected a list of user ids.");
    return ids;
  }
  const auto& list = value->as_array();
  if (list.empty()) {
    fields.add_error("recipients", "This list may not be empty.");
    return ids;
  }
  if (list.size() > static_cast<std::size_t>(store::kMaxGroupOthers)) {
    fields.add_error("recipients", "A group DM holds at most 10 people: name at most " +
                                       std::to_string(store::kMaxGroupOthers) + " others.");
    return ids;
  }
  std::unordered_set<std::int64_t> seen;
  for (const auto& item : list) {
    if (!item.is_int64() || item.as_int64() <= 0) {
      fields.add_error("recipients", "Each recipient must be a user id.");
      return {};
    }
    auto id = item.as_int64();
    if (id == caller) {
      fields.add_error("recipients", "You cannot start a conversation with yourself.");
      return {};
    }
    if (!seen.insert(id).second) {
      fields.add_error("recipients", "Each user may appear only once.");
      return {};
    }
    ids.push_back(id);
  }
  return ids;
}

struct Opening {
  std::vector<store::DmReach> reach;
  std::optional<store::OpenedDm> opened;
};

http::Task<http::Response> handle_open(const DmDeps& deps, http::RequestContext& ctx) {
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  auto caller = ctx.principal->user_id;
  FieldReader fields(body.object);
  auto targets = read_recipients(body.object, caller, fields);
  std::optional<std::optional<std::string>> name;
  if (targets.size() > 1) name = fields.nullable_text("name", chat::kMaxGroupName);
  if (!fields.ok()) co_return fields.error_response();

  auto reach =
      co_await util::offload(deps.db_pool, [&] { return deps.store.dm_reach(caller, targets); });
  for (const auto& user : reach) {
    if (!user.exists) {
      const std::string message =
          "Invalid pk \"" + std::to_string(user.user_id) + "\" - object does not exist.";
      co_return field_error("recipients", message);
    }
  }
  if (targets.size() == 1) {
    const auto& other = reach.front();
    // The pair's 1:1 stays theirs (200) unless the other side has blocked the caller since.
    bool allowed = other.existing_dm != 0 ? !other.blocks_caller : chat::may_reach(other);
    if (!allowed) co_return permission_denied();
    auto other_id = other.user_id;
    auto opened = co_await util::offload(
        deps.db_pool, [&] { return deps.store.open_direct_channel(caller, other_id); });
    if (opened.created) deps.events.created(opened.channel);
    co_return dm_response(opened.created ? Status::created : Status::ok, opened.channel, caller);
  }
  if (!std::all_of(reach.begin(), reach.end(), chat::may_reach)) co_return permission_denied();
  std::optional<std::string> group_name;
  if (name && *name && !(*name)->empty()) group_name = **name;
  auto group = co_await util::offload(
      deps.db_pool, [&] { return deps.store.create_group(caller, targets, group_name); });
  deps.events.created(group);
  co_return dm_response(Status::created, group, caller);
}

http::Task<http::Response> handle_list(const DmDeps& deps, http::RequestContext& ctx) {
  auto caller = ctx.principal->user_id;
  auto dms =
      co_await util::offload(deps.db_pool, [&] { return deps.store.direct_channels(caller); });
  std::string out = "[";
  for (std::size_t i = 0; i < dms.size(); ++i) {
    if (i) out.push_back(',');
    codec::append_dm_channel(out, dms[i], caller);
  }
  out.push_back(']');
  co_return http::json_response(Status::ok, std::move(out));
}

struct PatchTarget {
  store::ChannelAccess access;
  std::optional<model::DirectChannel> dm;
  model::Id server_id = 0;
};

http::Task<http::Response> handle_patch(const DmDeps& deps, http::RequestContext& ctx) {
  auto channel_id = parse_id(ctx.param("id"));
  if (!channel_id) co_return http::not_found();
  auto caller = ctx.principal->user_id;
  auto id = *channel_id;
  auto target = co_await util::offload(deps.db_pool, [&] {
    PatchTarget found;
    found.access = chat::resolve_channel_access(deps.store, id, caller);
    if (found.access.dm) found.dm = deps.store.find_direct_channel(id);
    return found;
  });
  if (!target.access.found) co_return http::not_found();
  if (!target.access.dm) {
    // A server channel: the communities API's rules (its owner edits name, topic, position).
    co_return co_await update_server_channel(*deps.community, ctx, target.access.server_id, id);
  }
  if (!target.dm) co_return http::not_found();
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  if (target.dm->kind != model::DmKind::group) {
    co_return field_error("name", "A 1:1 conversation has no name.");
  }
  if (target.dm->owner_id != caller) co_return permission_denied();
  FieldReader fields(body.object);
  auto name = fields.nullable_text("name", chat::kMaxGroupName);
  if (!fields.ok()) co_return fields.error_response();
  if (!name) co_return dm_response(Status::ok, *target.dm, caller);
  std::optional<std::string> stored;
  if (*name && !(*name)->empty()) stored = **name;
  auto updated = co_await util::offload(deps.db_pool, [&] {
    deps.store.rename_group(id, stored);
    return deps.store.find_direct_channel(id);
  });
  if (!updated) co_return http::not_found();
  deps.events.updated(*updated);
  co_return dm_response(Status::ok, *updated, caller);
}

}  // namespace

http::Response dm_response(http::Status status, const model::DirectChannel& dm,
                           std::int64_t viewer_id) {
  return http::json_response(status, codec::dm_channel_json(dm, viewer_id));
}

void register_dm_channel_routes(http::Router& router, DmDepsPtr deps) {
  using http::Verb;
  const http::RouteOptions auth{.auth = http::AuthPolicy::required};
  router.add(
      Verb::post, "/api/users/@me/channels/",
      [deps](http::RequestContext& ctx) { return handle_open(*deps, ctx); }, auth);
  router.add(
      Verb::get, "/api/users/@me/channels/",
      [deps](http::RequestContext& ctx) { return handle_list(*deps, ctx); }, auth);
  router.add(
      Verb::patch, "/api/channels/{id:int}/",
      [deps](http::RequestContext& ctx) { return handle_patch(*deps, ctx); }, auth);
}

}  // namespace api

// GET /api/servers/{id}/members/: a page of members in ascending user id, each with the
// status others see (the store reads one range of the memberships key, the tracker the
// statuses in memory).
#include "api/member_list_api.hpp"

#include "api/history.hpp"
#include "api/request_io.hpp"
#include "chat/channel_access.hpp"
#include "chat/permission_cache.hpp"
#include "chat/permissions.hpp"
#include "codec/json_text.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"
#include "util/time.hpp"

namespace api {
namespace {

constexpr std::int64_t kDefaultMembers = 100;
constexpr std::int64_t kMaxMembers = 1000;

struct Page {
  bool server = false;
  std::vector<model::Member> members;
  chat::ServerPermissionsPtr permissions;  // whose roles each member holds
};

std::string members_json(const std::vector<model::Member>& members,
                         const std::vector<model::PresenceStatus>& statuses,
                         const model::ServerPermissions* permissions) {
  std::string out = "[";
  out.reserve(members.size() * 110 + 2);
  char joined[27];
  auto now = util::now_micros();
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i) out.push_back(',');
    out.append(R"({"user":{"id":)");
    codec::append_int(out, members[i].user_id);
    out.append(R"(,"username":)");
    codec::append_json_string(out, members[i].username);
    out.append(R"(},"roles":[)");
    if (permissions) {
      auto held = permissions->member_roles.find(members[i].user_id);
      if (held != permissions->member_roles.end()) {
        for (std::size_t r = 0; r < held->second.size(); ++r) {
          if (r) out.push_back(',');
          codec::append_int(out, held->second[r]);
        }
      }
    }
    out.append(R"(],"joined_at":")");
    util::iso8601_micros_into(members[i].joined_at, joined);
    out.append(joined, 27);
    out.append(R"(","status":")");
    out.append(model::status_name(statuses[i]));
    // Only for members timed out now: SPEC §11's shape stays as it is for everyone else.
    auto until = permissions && !permissions->timeouts.empty()
                     ? chat::timeout_until(*permissions, members[i].user_id)
                     : 0;
    if (until > now) {
      out.append(R"(","timeout_until":")");
      util::iso8601_micros_into(until, joined);
      out.append(joined, 27);
    }
    out.append("\"}");
  }
  out.push_back(']');
  return out;
}

http::Task<http::Response> handle_members(const MemberListDeps& deps, http::RequestContext& ctx) {
  auto server_id = parse_id(ctx.param("id"));
  if (!server_id) co_return http::not_found();
  std::optional<http::Response> error;
  auto after = id_param(ctx, "after", error);
  auto limit = id_param(ctx, "limit", error);
  if (error) co_return std::move(*error);
  if (limit && *limit < 1) {
    co_return field_error("limit", "Ensure this value is greater than or equal to 1.");
  }
  if (limit && *limit > kMaxMembers) {
    co_return field_error("limit", "Ensure this value is less than or equal to 1000.");
  }
  auto id = *server_id;
  auto from = after.value_or(0);
  int count = static_cast<int>(limit.value_or(kDefaultMembers));
  auto reader = ctx.principal->user_id;
  auto page = co_await util::offload(deps.db_pool, [&deps, id, from, count, reader] {
    Page out;
    // Anyone signed in may read a public server's members; a private one's only its members.
    out.permissions = chat::PermissionCache::load(deps.store, id);
    out.server = out.permissions && chat::may_see_server(deps.store, *out.permissions, reader);
    if (out.server) out.members = deps.store.members_page(id, from, count);
    return out;
  });
  if (!page.server) co_return http::not_found();
  std::vector<model::Id> ids;
  ids.reserve(page.members.size());
  for (const auto& member : page.members) ids.push_back(member.user_id);
  auto statuses = co_await deps.presence.seen(ids);
  co_return http::json_response(http::Status::ok,
                                members_json(page.members, statuses, page.permissions.get()));
}

}  // namespace

void register_member_list_routes(http::Router& router, std::shared_ptr<const MemberListDeps> deps) {
  router.add(http::Verb::get, "/api/servers/{id:int}/members/",
             [deps](http::RequestContext& ctx) { return handle_members(*deps, ctx); },
             {.auth = http::AuthPolicy::required});
}

}  // namespace api

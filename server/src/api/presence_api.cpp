// GET /api/account/me/status/ -> {"status"}: the status I chose (online, idle, dnd or
// invisible), kept across reconnects, for my own status picker. Others see invisible as
// offline; the choice itself is made on the gateway ({"type":"presence","status"}).
// GET /api/users/@me/dm-presences/ -> [{"user_id", "status"}]: what others see of the people I
// share a DM with, for the DM list's dots. presence.update goes only to member-list
// subscribers (SPEC §11), so a DM partner's status is read here, not pushed.
#include <algorithm>

#include "api/member_list_api.hpp"
#include "codec/json_text.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

// The DM list shows no more partners than this (a user in more DMs gets the lowest ids).
constexpr std::size_t kMaxDmPartners = 1000;

http::Task<http::Response> handle_dm_presences(const MemberListDeps& deps,
                                               http::RequestContext& ctx) {
  auto id = ctx.principal->user_id;
  auto& store = deps.store;
  auto partners = co_await util::offload(deps.db_pool, [&store, id] {
    std::vector<model::Id> ids;
    for (const auto& dm : store.direct_channels(id)) {
      for (const auto& user : dm.recipients) {
        if (user.id != id) ids.push_back(user.id);
      }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.size() > kMaxDmPartners) ids.resize(kMaxDmPartners);
    return ids;
  });
  auto statuses = co_await deps.presence.seen(partners);
  std::string body = "[";
  body.reserve(partners.size() * 40 + 2);
  for (std::size_t i = 0; i < partners.size(); ++i) {
    if (i) body.push_back(',');
    body.append(R"({"user_id":)");
    codec::append_int(body, partners[i]);
    body.append(R"(,"status":")");
    body.append(model::status_name(statuses[i]));
    body.append("\"}");
  }
  body.push_back(']');
  co_return http::json_response(http::Status::ok, std::move(body));
}

}  // namespace

void register_presence_routes(http::Router& router, std::shared_ptr<const MemberListDeps> deps) {
  router.add(http::Verb::get, "/api/account/me/status/",
             [deps](http::RequestContext& ctx) -> http::Task<http::Response> {
               auto id = ctx.principal->user_id;
               auto& store = deps->store;
               auto status = co_await util::offload(
                   deps->db_pool, [&store, id] { return store.chosen_status(id); });
               co_return http::json_response(
                   http::Status::ok, boost::json::value{{"status", model::status_name(status)}});
             },
             {.auth = http::AuthPolicy::required});
  router.add(http::Verb::get, "/api/users/@me/dm-presences/",
             [deps](http::RequestContext& ctx) { return handle_dm_presences(*deps, ctx); },
             {.auth = http::AuthPolicy::required});
}

}  // namespace api

// GET /api/account/me/status/ -> {"status"}: the status I chose (online, idle, dnd or
// invisible), kept across reconnects, for my own status picker. Others see invisible as
// offline; the choice itself is made on the gateway ({"type":"presence","status"}).
#include "api/member_list_api.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {

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
}

}  // namespace api

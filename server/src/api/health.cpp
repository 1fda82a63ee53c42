#include "api/health.hpp"

#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {

void register_health_routes(http::Router& router, store::Store& store,
                            boost::asio::thread_pool& db_pool, const realtime::Bus* bus) {
  using http::Status;
  router.add(http::Verb::get, "/healthz",
             [](http::RequestContext&) -> http::Task<http::Response> {
               co_return http::json_response(Status::ok, boost::json::value{{"status", "ok"}});
             },
             {.auth = http::AuthPolicy::ignore});
  router.add(http::Verb::get, "/readyz",
             [&store, &db_pool, bus](http::RequestContext&) -> http::Task<http::Response> {
               bool ready = co_await util::offload(db_pool, [&store] { return store.ping(); });
               if (!ready) {
                 co_return http::json_response(
                     Status::service_unavailable,
                     boost::json::value{{"status", "database unavailable"}});
               }
               if (bus && !bus->ready()) {
                 co_return http::json_response(Status::service_unavailable,
                                               boost::json::value{{"status", "bus unavailable"}});
               }
               co_return http::json_response(Status::ok, boost::json::value{{"status", "ready"}});
             },
             {.auth = http::AuthPolicy::ignore});
}

}  // namespace api

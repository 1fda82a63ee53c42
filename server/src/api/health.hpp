// /healthz (the process answers) and /readyz (the database answers too, and the bus reaches
// the other nodes when there are several).
#pragma once
#include <boost/asio/thread_pool.hpp>

#include "http/router.hpp"
#include "realtime/bus.hpp"
#include "store/store.hpp"

namespace api {

void register_health_routes(http::Router& router, store::Store& store,
                            boost::asio::thread_pool& db_pool, const realtime::Bus* bus = nullptr);

}  // namespace api

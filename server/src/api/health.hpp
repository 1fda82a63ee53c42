// /healthz (the process answers) and /readyz (the database answers too).
#pragma once
#include <boost/asio/thread_pool.hpp>

#include "http/router.hpp"
#include "store/store.hpp"

namespace api {

void register_health_routes(http::Router& router, store::Store& store,
                            boost::asio::thread_pool& db_pool);

}  // namespace api

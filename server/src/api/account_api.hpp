// GET /api/account/?user_id=N and GET /api/account/me/ (SPEC §1; both need authentication).
#pragma once
#include <boost/asio/thread_pool.hpp>

#include "http/router.hpp"
#include "store/store.hpp"

namespace api {

void register_account_routes(http::Router& router, store::Store& store,
                             boost::asio::thread_pool& db_pool);

}  // namespace api

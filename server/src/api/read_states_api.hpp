// Read states (SPEC §8): POST /api/channels/{id}/ack/ and GET /api/users/@me/read-states/.
#pragma once
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "http/router.hpp"
#include "realtime/bus.hpp"
#include "store/store.hpp"

namespace api {

struct ReadStateDeps {
  store::Store& store;
  boost::asio::thread_pool& db_pool;
  realtime::Bus& bus;  // read.ack to the user's gateways
};

void register_read_state_routes(http::Router& router, std::shared_ptr<const ReadStateDeps> deps);

}  // namespace api

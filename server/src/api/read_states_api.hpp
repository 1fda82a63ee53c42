// Read states (SPEC §8): POST /api/channels/{id}/ack/ and GET /api/users/@me/read-states/.
#pragma once
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "chat/rate_limiter.hpp"
#include "http/router.hpp"
#include "realtime/bus.hpp"
#include "store/store.hpp"
#include "util/coalescing_worker.hpp"

namespace api {

struct ReadStateDeps {
  store::Store& store;
  boost::asio::thread_pool& db_pool;
  realtime::Bus& bus;  // read.ack to the user's gateways
  // Acks run here, a few at a time: 1,000 readers acking once a second each cost one wake-up
  // per batch instead of two context switches per ack (docs/BENCHMARKS.md, issue 11).
  util::CoalescingWorker& ack_worker;
  chat::RateLimiter& ack_rate;  // per user: 429 beyond it (kAckRate, kAckBurst)
};

// A reader acks at most once per channel switch or scroll: far below this.
constexpr double kAckRate = 20;
constexpr double kAckBurst = 50;

void register_read_state_routes(http::Router& router, std::shared_ptr<const ReadStateDeps> deps);

}  // namespace api

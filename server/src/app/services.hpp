// The long-lived parts of a running server, built once by `parley serve` and handed to
// whatever needs them (app/ is the only layer that knows all of them).
#pragma once
#include <boost/asio/thread_pool.hpp>

#include "app/config.hpp"
#include "http/io_shards.hpp"
#include "realtime/bus.hpp"
#include "store/event_writer.hpp"
#include "store/store.hpp"

namespace app {

struct Services {
  const ServeConfig& config;
  store::Store& store;
  boost::asio::thread_pool& db_pool;    // blocking database calls
  boost::asio::thread_pool& hash_pool;  // password hashing, bounded concurrency
  store::EventWriter& writer;
  http::IoShards& shards;
  realtime::Bus* bus = nullptr;  // the cluster's (--bus), or null: this process alone
};

}  // namespace app

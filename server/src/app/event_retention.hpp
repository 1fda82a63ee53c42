// Trims the event log (SPEC §6): at start and then every hour, each channel's events older
// than the retention days that are not among its newest count go; resuming from before
// them answers resync_required. Message rows stay: they are the history.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <memory>

#include "store/store.hpp"

namespace app {

class EventRetention : public std::enable_shared_from_this<EventRetention> {
 public:
  EventRetention(boost::asio::io_context& timer_context, boost::asio::thread_pool& db_pool,
                 store::Store& store, double days, long keep_last,
                 std::chrono::seconds interval = std::chrono::hours(1));
  void start();

 private:
  void trim_now();
  void schedule();

  boost::asio::steady_timer timer_;
  boost::asio::thread_pool& db_pool_;
  store::Store& store_;
  double days_;
  long keep_last_;
  std::chrono::seconds interval_;
};

}  // namespace app

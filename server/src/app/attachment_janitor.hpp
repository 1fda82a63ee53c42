// Removes attachment files nobody can reach any more (SPEC §12): uploads no message used
// within the grace period (an hour by default), and the files of deleted messages, channels
// and servers. Runs at start and every interval (a minute by default); blobs go
// first, then their rows, so a crash between the two only repeats the removal.
#pragma once
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <memory>

#include "storage/blob_store.hpp"
#include "store/store.hpp"

namespace app {

class AttachmentJanitor : public std::enable_shared_from_this<AttachmentJanitor> {
 public:
  AttachmentJanitor(boost::asio::io_context& timer_context, boost::asio::thread_pool& db_pool,
                    store::Store& store, storage::BlobStore& blobs,
                    std::chrono::seconds unused_grace, std::chrono::seconds interval);
  void start();

 private:
  void sweep_now();
  void schedule();

  boost::asio::steady_timer timer_;
  boost::asio::thread_pool& db_pool_;
  store::Store& store_;
  storage::BlobStore& blobs_;
  std::chrono::seconds unused_grace_;
  std::chrono::seconds interval_;
  std::atomic<bool> sweeping_{false};
  std::atomic<bool> again_{false};
};

}  // namespace app

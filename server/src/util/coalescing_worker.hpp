// One thread that runs posted work in batches: the first item of a quiet period waits up to
// `window` for others to join it, so that many small jobs arriving spread out in time (a
// reader's acks) cost one wake-up per batch instead of one (and a context switch each way)
// per job. For work that may wait a few milliseconds; everything else goes to the db pool.
//
//   auto result = co_await util::offload_coalesced(worker, [&] { return store.ack(...); });
//
// Not a coroutine (see util/offload.hpp): the work travels through async_initiate.
#pragma once
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace util {

class CoalescingWorker {
 public:
  explicit CoalescingWorker(std::chrono::microseconds window);
  ~CoalescingWorker();  // runs what was posted, then stops
  CoalescingWorker(const CoalescingWorker&) = delete;
  CoalescingWorker& operator=(const CoalescingWorker&) = delete;

  void post(std::function<void()> job);

 private:
  void run();

  std::chrono::microseconds window_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::function<void()>> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

// Like util::offload, on the worker. Result must be default-constructible.
template <class F>
auto offload_coalesced(CoalescingWorker& worker, F&& work) {
  namespace asio = boost::asio;
  using Work = std::decay_t<F>;
  using Result = std::invoke_result_t<Work&>;
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Result)>(
      [&worker](auto handler, Work job) {
        // std::function needs a copyable callable: the move-only handler is shared.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        auto task = std::make_shared<Work>(std::move(job));
        worker.post([shared, task] {
          std::exception_ptr error;
          Result value{};
          try {
            value = (*task)();
          } catch (...) {
            error = std::current_exception();
          }
          auto executor = asio::get_associated_executor(*shared);
          asio::dispatch(executor, [shared, error, value = std::move(value)]() mutable {
            std::move (*shared)(error, std::move(value));
          });
        });
      },
      asio::use_awaitable, std::forward<F>(work));
}

}  // namespace util

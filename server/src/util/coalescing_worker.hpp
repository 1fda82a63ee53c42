// One thread that runs posted work in batches: the first item of a quiet period waits up to
// `window` for others to join it, so that many small jobs arriving spread out in time (a
// reader's acks) cost one wake-up per batch instead of one (and a context switch each way)
// per job. A batch may run inside a runner (the acks: one transaction, one commit for all of
// them); only once it is done are the waiters resumed, the waiters of one executor (one I/O
// shard) together, by one posted handler: one wake-up of that shard per batch, not per job.
// For work that may wait a few milliseconds; everything else goes to the db pool.
//
//   auto result = co_await util::offload_coalesced(worker, [&] { return store.ack(...); });
//
// Not a coroutine (see util/offload.hpp): the work travels through async_initiate.
#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
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
  // Runs a batch's jobs (run_jobs) inside whatever the batch shares, e.g. a transaction. If it
  // throws, every job of the batch is finished with that exception (its result is not kept).
  // With a runner, one job that throws makes run_jobs throw once all have run: a transaction
  // a failed statement broke must not commit the others (PostgreSQL would roll it back at
  // COMMIT while they were told they succeeded).
  using BatchRunner = std::function<void(const std::function<void()>& run_jobs)>;

  struct Job {
    std::function<void()> run;  // inside the batch
    // After it, on `executor`: the job's own exception, else the batch's failure, else null.
    std::function<void(std::exception_ptr)> finish;
    boost::asio::any_io_executor executor;
  };

  // max_batch bounds one runner call (a larger gathering is split).
  explicit CoalescingWorker(std::chrono::microseconds window, BatchRunner runner = {},
                            std::size_t max_batch = 256);
  ~CoalescingWorker();  // runs what was posted, then stops
  CoalescingWorker(const CoalescingWorker&) = delete;
  CoalescingWorker& operator=(const CoalescingWorker&) = delete;

  void post(Job job);

 private:
  void run();
  void run_batch(std::vector<Job>& jobs, std::size_t begin, std::size_t end);

  std::chrono::microseconds window_;
  BatchRunner runner_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Job> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

// Like util::offload, on the worker. Result must be default-constructible. An exception of the
// work, or of the batch it ran in, is rethrown in the caller.
template <class F>
auto offload_coalesced(CoalescingWorker& worker, F&& work) {
  namespace asio = boost::asio;
  using Work = std::decay_t<F>;
  using Result = std::invoke_result_t<Work&>;
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Result)>(
      [&worker](auto handler, Work job) {
        using Handler = decltype(handler);
        struct State {
          Handler handler;
          Work job;
          Result value{};
        };
        // std::function needs copyable callables: the move-only handler lives in shared state.
        auto state = std::make_shared<State>(State{std::move(handler), std::move(job), Result{}});
        auto executor = asio::get_associated_executor(state->handler);
        worker.post({[state] { state->value = state->job(); },
                     [state](std::exception_ptr error) {
                       std::move(state->handler)(error, std::move(state->value));
                     },
                     executor});
      },
      asio::use_awaitable, std::forward<F>(work));
}

}  // namespace util

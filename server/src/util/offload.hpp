// Runs blocking work (database calls, password hashing) on a worker pool and resumes the
// calling coroutine on its own executor, so that I/O threads never block.
//
//   auto account = co_await util::offload(db_pool, [&] { return store.find_account(id); });
//
// Deliberately not a coroutine itself: GCC 12 mishandles by-value class parameters of
// coroutines called with temporaries (double destruction), so the work travels through
// async_initiate, which stores its arguments by value in the operation.
#pragma once
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <type_traits>
#include <utility>

namespace util {

// Exceptions thrown by work are rethrown in the caller. A non-void result type must be
// default-constructible (it stands in for the value when work throws).
template <class F>
auto offload(boost::asio::thread_pool& pool, F&& work) {
  namespace asio = boost::asio;
  using Work = std::decay_t<F>;
  using Result = std::invoke_result_t<Work&>;
  if constexpr (std::is_void_v<Result>) {
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr)>(
        [&pool](auto handler, Work job) {
          asio::post(pool, [handler = std::move(handler), job = std::move(job)]() mutable {
            std::exception_ptr error;
            try {
              job();
            } catch (...) {
              error = std::current_exception();
            }
            auto executor = asio::get_associated_executor(handler);
            asio::dispatch(executor, [handler = std::move(handler), error]() mutable {
              std::move(handler)(error);
            });
          });
        },
        asio::use_awaitable, std::forward<F>(work));
  } else {
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Result)>(
        [&pool](auto handler, Work job) {
          asio::post(pool, [handler = std::move(handler), job = std::move(job)]() mutable {
            std::exception_ptr error;
            Result value{};
            try {
              value = job();
            } catch (...) {
              error = std::current_exception();
            }
            auto executor = asio::get_associated_executor(handler);
            asio::dispatch(executor, [handler = std::move(handler), error,
                                      value = std::move(value)]() mutable {
              std::move(handler)(error, std::move(value));
            });
          });
        },
        asio::use_awaitable, std::forward<F>(work));
  }
}

}  // namespace util

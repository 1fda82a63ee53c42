// util::CoalescingWorker: everything posted runs, in order, on one thread; jobs posted within
// the window of the first share its batch (and its runner: one transaction for the acks); the
// waiters are finished after the batch, those of one executor by one handler; a runner's
// failure reaches every job of its batch; the destructor runs what is still queued.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "util/coalescing_worker.hpp"

namespace {

using namespace std::chrono_literals;

// A job that only runs (its finish is posted to `io`, which nobody may run).
util::CoalescingWorker::Job job(boost::asio::io_context& io, std::function<void()> run,
                                std::function<void(std::exception_ptr)> finish = {}) {
  if (!finish) finish = [](std::exception_ptr) {};
  return {std::move(run), std::move(finish), io.get_executor()};
}

// Runs io's handlers until done() holds (at most 5 s); returns how many handlers ran.
int run_until(boost::asio::io_context& io, const std::function<bool()>& done) {
  io.restart();  // a run that ran out of work left it stopped
  auto guard = boost::asio::make_work_guard(io);
  int handlers = 0;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    handlers += static_cast<int>(io.run_one_for(10ms));
  }
  return handlers;
}

TEST(CoalescingWorker, RunsEveryJobInOrderOnOneThread) {
  boost::asio::io_context io;
  std::vector<int> ran;
  std::thread::id first_thread;
  std::atomic<int> other_threads{0};
  {
    util::CoalescingWorker worker(1ms);
    for (int i = 0; i < 100; ++i) {
      worker.post(job(io, [&, i] {
        if (ran.empty()) first_thread = std::this_thread::get_id();
        if (std::this_thread::get_id() != first_thread) ++other_threads;
        ran.push_back(i);
      }));
    }
  }  // the destructor drains the queue
  ASSERT_EQ(ran.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(ran[i], i);
  EXPECT_EQ(other_threads.load(), 0);
  EXPECT_NE(first_thread, std::this_thread::get_id());
}

TEST(CoalescingWorker, JobsWithinTheWindowShareOneBatch) {
  boost::asio::io_context io;
  util::CoalescingWorker worker(200ms);
  std::atomic<int> done{0};
  auto started = std::chrono::steady_clock::now();
  std::vector<std::chrono::steady_clock::duration> when(3);
  for (int i = 0; i < 3; ++i) {
    worker.post(job(io, [&, i] {
      when[i] = std::chrono::steady_clock::now() - started;
      ++done;
    }));
    std::this_thread::sleep_for(20ms);
  }
  while (done.load() < 3) std::this_thread::sleep_for(5ms);
  // The first waited for the window; the others ran right after it, in the same batch.
  EXPECT_GE(when[0], 150ms);
  EXPECT_LT(when[2] - when[0], 50ms);
}

TEST(CoalescingWorker, ABatchRunsInsideTheRunnerAndItsWaitersHearOnceItIsDone) {
  boost::asio::io_context io;
  std::atomic<int> runner_calls{0};
  std::atomic<bool> inside{false};
  std::atomic<int> ran_inside{0};
  std::vector<int> finished_outside;
  util::CoalescingWorker worker(100ms, [&](const std::function<void()>& run_jobs) {
    ++runner_calls;
    inside = true;
    run_jobs();
    std::this_thread::sleep_for(20ms);  // a commit: nobody hears of the batch before it ends
    inside = false;
  });
  for (int i = 0; i < 3; ++i) {
    worker.post(job(
        io, [&] { ran_inside += inside ? 1 : 0; },
        [&, i](std::exception_ptr error) {
          EXPECT_FALSE(error);
          finished_outside.push_back(inside ? -1 : i);
        }));
  }
  // The three waiters share one executor: one posted handler finishes them all.
  int handlers = run_until(io, [&] { return finished_outside.size() == 3; });
  EXPECT_EQ(handlers, 1);
  EXPECT_EQ(runner_calls.load(), 1);
  EXPECT_EQ(ran_inside.load(), 3);
  EXPECT_EQ(finished_outside, (std::vector<int>{0, 1, 2}));
}

TEST(CoalescingWorker, ARunnerFailureReachesEveryJobOfItsBatchOnly) {
  boost::asio::io_context io;
  std::atomic<int> batch{0};
  util::CoalescingWorker worker(50ms, [&](const std::function<void()>& run_jobs) {
    run_jobs();
    if (batch++ == 0) throw std::runtime_error("commit failed");
  });
  std::vector<std::string> outcomes;
  auto finish = [&](std::exception_ptr error) {
    if (!error) return outcomes.push_back("ok");
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      outcomes.push_back(e.what());
    }
  };
  worker.post(job(
      io, [] {}, finish));
  worker.post(job(
      io, [] {}, finish));
  run_until(io, [&] { return outcomes.size() == 2; });
  worker.post(job(
      io, [] {}, finish));
  run_until(io, [&] { return outcomes.size() == 3; });
  EXPECT_EQ(outcomes, (std::vector<std::string>{"commit failed", "commit failed", "ok"}));
}

// What each job was finished with: "ok" or the exception's message.
struct Outcomes {
  std::vector<std::string> seen;
  std::function<void(std::exception_ptr)> finish() {
    return [this](std::exception_ptr error) {
      if (!error) return seen.push_back("ok");
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        seen.push_back(e.what());
      }
    };
  }
};

TEST(CoalescingWorker, AJobThatThrowsInASharedBatchFailsTheWholeBatch) {
  boost::asio::io_context io;
  std::atomic<int> rolled_back{0};
  util::CoalescingWorker worker(50ms, [&](const std::function<void()>& run_jobs) {
    try {
      run_jobs();
    } catch (...) {
      ++rolled_back;  // a transaction's scope rolls back here, then the failure goes on
      throw;
    }
  });
  Outcomes outcomes;
  worker.post(job(
      io, [] {}, outcomes.finish()));
  worker.post(job(
      io, [] { throw std::runtime_error("statement failed"); }, outcomes.finish()));
  worker.post(job(
      io, [] {}, outcomes.finish()));
  run_until(io, [&] { return outcomes.seen.size() == 3; });
  // Nobody is told "stored" by a transaction that did not commit.
  EXPECT_EQ(outcomes.seen, (std::vector<std::string>(3, "statement failed")));
  EXPECT_EQ(rolled_back.load(), 1);
}

TEST(CoalescingWorker, WithoutARunnerAJobsFailureIsItsOwn) {
  boost::asio::io_context io;
  util::CoalescingWorker worker(50ms);
  Outcomes outcomes;
  worker.post(job(
      io, [] { throw std::runtime_error("mine"); }, outcomes.finish()));
  worker.post(job(
      io, [] {}, outcomes.finish()));
  run_until(io, [&] { return outcomes.seen.size() == 2; });
  EXPECT_EQ(outcomes.seen, (std::vector<std::string>{"mine", "ok"}));
}

TEST(CoalescingWorker, ALargeGatheringIsSplitIntoBatchesOfAtMostMaxBatch) {
  boost::asio::io_context io;
  std::vector<int> sizes;
  int current = 0;
  {
    util::CoalescingWorker worker(
        100ms,
        [&](const std::function<void()>& run_jobs) {
          current = 0;
          run_jobs();
          sizes.push_back(current);
        },
        4);
    for (int i = 0; i < 10; ++i) worker.post(job(io, [&] { ++current; }));
  }
  EXPECT_EQ(sizes, (std::vector<int>{4, 4, 2}));
}

}  // namespace

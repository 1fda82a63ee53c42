// util::CoalescingWorker: everything posted runs, in order, on one thread; jobs posted within
// the window of the first share its batch; the destructor runs what is still queued.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "util/coalescing_worker.hpp"

namespace {

using namespace std::chrono_literals;

TEST(CoalescingWorker, RunsEveryJobInOrderOnOneThread) {
  std::vector<int> ran;
  std::thread::id first_thread;
  std::atomic<int> other_threads{0};
  {
    util::CoalescingWorker worker(1ms);
    for (int i = 0; i < 100; ++i) {
      worker.post([&, i] {
        if (ran.empty()) first_thread = std::this_thread::get_id();
        if (std::this_thread::get_id() != first_thread) ++other_threads;
        ran.push_back(i);
      });
    }
  }  // the destructor drains the queue
  ASSERT_EQ(ran.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(ran[i], i);
  EXPECT_EQ(other_threads.load(), 0);
  EXPECT_NE(first_thread, std::this_thread::get_id());
}

TEST(CoalescingWorker, JobsWithinTheWindowShareOneBatch) {
  util::CoalescingWorker worker(200ms);
  std::atomic<int> done{0};
  auto started = std::chrono::steady_clock::now();
  std::vector<std::chrono::steady_clock::duration> when(3);
  for (int i = 0; i < 3; ++i) {
    worker.post([&, i] {
      when[i] = std::chrono::steady_clock::now() - started;
      ++done;
    });
    std::this_thread::sleep_for(20ms);
  }
  while (done.load() < 3) std::this_thread::sleep_for(5ms);
  // The first waited for the window; the others ran right after it, in the same batch.
  EXPECT_GE(when[0], 150ms);
  EXPECT_LT(when[2] - when[0], 50ms);
}

}  // namespace

#include "util/coalescing_worker.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

namespace util {

CoalescingWorker::CoalescingWorker(std::chrono::microseconds window, BatchRunner runner,
                                   std::size_t max_batch)
    : window_(window),
      runner_(std::move(runner)),
      max_batch_(std::max<std::size_t>(1, max_batch)),
      thread_([this] { run(); }) {}

CoalescingWorker::~CoalescingWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void CoalescingWorker::post(Job job) {
  bool first;
  {
    std::lock_guard lock(mutex_);
    first = queue_.empty();
    queue_.push_back(std::move(job));
  }
  if (first) wake_.notify_one();  // later ones join the batch being gathered
}

void CoalescingWorker::run() {
  std::vector<Job> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      if (!stopping_) {
        // Gather: whatever arrives within the window shares this wake-up.
        wake_.wait_for(lock, window_, [this] { return stopping_; });
      }
      batch.swap(queue_);
    }
    for (std::size_t begin = 0; begin < batch.size(); begin += max_batch_) {
      run_batch(batch, begin, std::min(batch.size(), begin + max_batch_));
    }
    batch.clear();
  }
}

void CoalescingWorker::run_batch(std::vector<Job>& jobs, std::size_t begin, std::size_t end) {
  std::exception_ptr failure;
  std::vector<std::exception_ptr> errors(end - begin);
  auto run_jobs = [&] {
    std::exception_ptr first;
    for (auto i = begin; i < end; ++i) {
      try {
        jobs[i].run();
      } catch (...) {
        errors[i - begin] = std::current_exception();
        if (!first) first = errors[i - begin];
      }
    }
    // Sharing a transaction, one failure is everyone's (see BatchRunner).
    if (first && runner_) std::rethrow_exception(first);
  };
  try {
    if (runner_) {
      runner_(run_jobs);
    } else {
      run_jobs();
    }
  } catch (...) {
    failure = std::current_exception();
  }
  // One posted handler per executor finishes all of its jobs: an idle I/O shard wakes once.
  std::vector<std::pair<boost::asio::any_io_executor, std::vector<std::function<void()>>>> groups;
  for (auto i = begin; i < end; ++i) {
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& g) { return g.first == jobs[i].executor; });
    if (group == groups.end()) {
      groups.emplace_back(jobs[i].executor, std::vector<std::function<void()>>{});
      group = std::prev(groups.end());
    }
    auto error = errors[i - begin] ? errors[i - begin] : failure;
    group->second.push_back([finish = std::move(jobs[i].finish), error] { finish(error); });
  }
  for (auto& [executor, finishes] : groups) {
    boost::asio::post(executor, [finishes = std::move(finishes)] {
      for (const auto& finish : finishes) finish();
    });
  }
}

}  // namespace util

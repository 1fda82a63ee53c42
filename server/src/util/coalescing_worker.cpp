#include "util/coalescing_worker.hpp"

namespace util {

CoalescingWorker::CoalescingWorker(std::chrono::microseconds window)
    : window_(window), thread_([this] { run(); }) {}

CoalescingWorker::~CoalescingWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void CoalescingWorker::post(std::function<void()> job) {
  bool first;
  {
    std::lock_guard lock(mutex_);
    first = queue_.empty();
    queue_.push_back(std::move(job));
  }
  if (first) wake_.notify_one();  // later ones join the batch being gathered
}

void CoalescingWorker::run() {
  std::vector<std::function<void()>> batch;
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
    for (auto& job : batch) job();
    batch.clear();
  }
}

}  // namespace util

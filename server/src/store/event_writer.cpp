#include "store/event_writer.hpp"

#include <algorithm>

#include "metrics/metrics.hpp"
#include "util/log.hpp"

namespace store {
namespace {

// A message held by the commit interval goes as soon as it has this many to share the commit
// with: waiting longer would add latency for a smaller saving.
constexpr std::size_t kShareTarget = 2;

}  // namespace

EventWriter::EventWriter(MessageStore& store, std::size_t max_batch, std::size_t max_queue,
                         std::chrono::microseconds commit_interval)
    : store_(store),
      max_batch_(max_batch),
      max_queue_(max_queue),
      commit_interval_(commit_interval),
      thread_([this] { run(); }) {}

EventWriter::~EventWriter() {
  stop();
}

bool EventWriter::submit(ChannelOp op, Done done) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_queue_) return false;
    queue_.push_back({std::move(op), std::move(done)});
    // A thread waiting out the commit interval is woken once the batch has a partner; a
    // committing thread finds the queue when it comes back.
    wake = idle_ || (holding_ && queue_.size() == kShareTarget);
  }
  if (wake) wake_.notify_one();
  return true;
}

void EventWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t EventWriter::batches_committed() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

std::uint64_t EventWriter::ops_committed() const {
  std::lock_guard lock(mutex_);
  return ops_;
}

void EventWriter::run() {
  std::vector<Pending> batch;
  auto last_commit = std::chrono::steady_clock::time_point{};
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      idle_ = true;
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      idle_ = false;
      if (queue_.empty()) return;  // stopping, and everything is flushed
      auto next_commit = last_commit + commit_interval_;
      if (queue_.size() < kShareTarget && std::chrono::steady_clock::now() < next_commit) {
        holding_ = true;
        wake_.wait_until(lock, next_commit,
                         [&] { return stopping_ || queue_.size() >= kShareTarget; });
        holding_ = false;
      }
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    last_commit = std::chrono::steady_clock::now();
    commit(batch);
    batch.clear();
  }
}

void EventWriter::commit(std::vector<Pending>& batch) {
  std::vector<ChannelOp> ops;
  ops.reserve(batch.size());
  for (auto& pending : batch) ops.push_back(std::move(pending.op));
  std::vector<OpResult> results;
  metrics::CommitTimer commit_timer;
  try {
    results = store_.apply_channel_ops(ops);
  } catch (const std::exception& e) {
    util::LogEvent("store.batch_failed").add("ops", batch.size()).add("error", e.what()).error();
    if (batch.size() == 1) {
      batch[0].done(OpResult{});
      return;
    }
    // One bad op must not sink the others: each is tried again on its own.
    for (std::size_t i = 0; i < batch.size(); ++i) {
      std::vector<Pending> single;
      single.push_back({std::move(ops[i]), std::move(batch[i].done)});
      commit(single);
    }
    return;
  }
  {
    std::lock_guard lock(mutex_);
    ++batches_;
    ops_ += results.size();
  }
  commit_timer.committed(static_cast<std::uint64_t>(
      std::count_if(results.begin(), results.end(), [](const OpResult& r) {
        return r.event && r.event->kind == model::EventKind::message_create;
      })));
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
}

}  // namespace store

#include "store/event_writer.hpp"

#include <algorithm>

#include "metrics/metrics.hpp"
#include "util/log.hpp"

namespace store {
namespace {

// A message held by the commit interval goes as soon as it has this many to share the commit
// with: waiting longer would add latency for a smaller saving.
constexpr std::size_t kShareTarget = 2;

// Erasing the journal costs a checkpoint (two fsyncs): under load the deletes of this long
// share one, and a writer with nothing queued this long erases at once.
constexpr auto kErasureGrouping = std::chrono::milliseconds(100);
constexpr auto kErasureWhenIdle = std::chrono::milliseconds(2);

// Indexing: rows per transaction when nothing is queued. Under steady load the index gets at
// most kIndexShare of the writer's time, in small batches (a big one would hold every queued
// send behind it), so sending keeps ~90 % of its rate and the index catches up when load eases;
// kMaxIndexCredit bounds the time one busy spell may save up.
constexpr int kIndexBatch = 1024;  // ~50 ms here: what a send arriving meanwhile may wait
// The queue must stay empty this long before the index takes the writer for whole batches:
// closed-loop senders leave gaps of microseconds, which are not idleness.
constexpr auto kQuietBeforeIndex = std::chrono::milliseconds(2);
constexpr int kIndexBatchUnderLoad = 256;
constexpr double kIndexShare = 0.10;
constexpr double kMaxIndexCredit = 0.02;  // seconds
// A catch-up longer than this many rows logs its progress.
constexpr std::int64_t kIndexProgressEvery = 100000;

}  // namespace

EventWriter::EventWriter(MessageStore& store, std::size_t max_batch, std::size_t max_queue,
                         std::chrono::microseconds commit_interval, SearchStore* search)
    : store_(store),
      max_batch_(max_batch),
      max_queue_(max_queue),
      commit_interval_(commit_interval),
      search_(search),
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

void EventWriter::after_erasure(std::function<void()> fn) {
  if (erasure_waiters_.empty()) first_erasure_waiter_ = std::chrono::steady_clock::now();
  erasure_waiters_.push_back(std::move(fn));
}

std::chrono::steady_clock::time_point EventWriter::erasure_due() const {
  return std::min(first_erasure_waiter_ + kErasureGrouping,
                  std::chrono::steady_clock::now() + kErasureWhenIdle);
}

void EventWriter::erase() {
  store_.erase_journal();
  auto waiters = std::move(erasure_waiters_);
  erasure_waiters_.clear();
  for (auto& waiter : waiters) waiter();
}

int EventWriter::index_batch(int limit) {
  try {
    return search_->index_pending_messages(limit);
  } catch (const std::exception& e) {
    // The mark did not move: the same rows are tried again by the next batch.
    util::LogEvent("search.index_failed").add("error", e.what()).warn();
    return 0;
  }
}

bool EventWriter::stays_quiet(std::chrono::steady_clock::duration wait) {
  std::unique_lock lock(mutex_);
  idle_ = true;  // submit wakes the thread
  bool woken = wake_.wait_for(lock, wait, [&] { return stopping_ || !queue_.empty(); });
  idle_ = false;
  return !woken;
}

void EventWriter::index_while_idle() {
  std::int64_t indexed = 0;
  std::int64_t waiting = 0;
  auto started = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_ || !queue_.empty()) return;
    }
    int done = index_batch(kIndexBatch);
    if (done == 0) {
      index_behind_ = false;
      break;
    }
    auto before = indexed;
    indexed += done;
    if (indexed / kIndexProgressEvery != before / kIndexProgressEvery) {
      if (waiting == 0) {
        try {
          waiting = search_->messages_waiting_for_index() + indexed;
        } catch (const std::exception&) {
          waiting = -1;
        }
      }
      util::LogEvent("search.index_progress").add("indexed", indexed).add("of", waiting).info();
    }
  }
  if (indexed >= kIndexProgressEvery) {
    auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    util::LogEvent("search.index_caught_up").add("seconds", seconds).info();
  }
}

void EventWriter::run() {
  std::vector<Pending> batch;
  auto last_commit = std::chrono::steady_clock::time_point{};
  for (;;) {
    // Erasures waiting go first: their deleters' answers wait for them.
    if (search_ && index_behind_ && erasure_waiters_.empty() && stays_quiet(kQuietBeforeIndex)) {
      index_while_idle();
    }
    {
      std::unique_lock lock(mutex_);
      idle_ = true;
      auto has_work = [&] { return stopping_ || !queue_.empty(); };
      if (erasure_waiters_.empty()) {
        wake_.wait(lock, has_work);
      } else {
        wake_.wait_until(lock, erasure_due(), has_work);
      }
      idle_ = false;
      if (queue_.empty()) {
        // Stopping with everything flushed, or idle with erasures due.
        bool stop = stopping_;
        lock.unlock();
        if (!erasure_waiters_.empty()) erase();
        if (stop) return;
        continue;
      }
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
    if (search_) {
      index_behind_ = true;
      // Under steady load the queue is never empty: index within the time share all the same.
      auto now = std::chrono::steady_clock::now();
      index_credit_ = std::min(
          kMaxIndexCredit,
          index_credit_ + kIndexShare * std::chrono::duration<double>(now - credit_since_).count());
      credit_since_ = now;
      if (index_credit_ > 0) {
        index_batch(kIndexBatchUnderLoad);
        auto after = std::chrono::steady_clock::now();
        index_credit_ -= std::chrono::duration<double>(after - now).count();
        credit_since_ = after;
      }
    }
    if (!erasure_waiters_.empty() &&
        std::chrono::steady_clock::now() >= first_erasure_waiter_ + kErasureGrouping) {
      erase();
    }
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

#include "store/message_writer.hpp"

#include "metrics/metrics.hpp"
#include "util/log.hpp"

namespace store {
namespace {

// A message held by the commit interval goes as soon as it has this many to share the commit
// with: waiting longer would add latency for a smaller saving.
constexpr std::size_t kShareTarget = 2;

}  // namespace

MessageWriter::MessageWriter(MessageStore& store, std::size_t max_batch, std::size_t max_queue,
                             std::chrono::microseconds commit_interval)
    : store_(store),
      max_batch_(max_batch),
      max_queue_(max_queue),
      commit_interval_(commit_interval),
      thread_([this] { run(); }) {}

MessageWriter::~MessageWriter() {
  stop();
}

bool MessageWriter::submit(chat::NewMessage message, Done done) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_queue_) return false;
    queue_.push_back({std::move(message), std::move(done)});
    // A thread waiting out the commit interval is woken once the batch has a partner; a
    // committing thread finds the queue when it comes back.
    wake = idle_ || (holding_ && queue_.size() == kShareTarget);
  }
  if (wake) wake_.notify_one();
  return true;
}

void MessageWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t MessageWriter::batches_committed() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

std::uint64_t MessageWriter::messages_committed() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

void MessageWriter::run() {
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

void MessageWriter::commit(std::vector<Pending>& batch) {
  std::vector<chat::NewMessage> messages;
  messages.reserve(batch.size());
  for (auto& pending : batch) messages.push_back(pending.message);
  std::vector<chat::Message> stored;
  metrics::CommitTimer commit_timer;
  try {
    stored = store_.append_messages(messages);
  } catch (const std::exception& e) {
    util::LogEvent("store.batch_failed")
        .add("messages", batch.size())
        .add("error", e.what())
        .error();
    if (batch.size() == 1) {
      batch[0].done(std::nullopt);
      return;
    }
    // One bad message (say, for a channel deleted meanwhile) must not sink the others.
    for (auto& pending : batch) {
      std::vector<Pending> single;
      single.push_back(std::move(pending));
      commit(single);
    }
    return;
  }
  {
    std::lock_guard lock(mutex_);
    ++batches_;
    messages_ += stored.size();
  }
  commit_timer.committed(stored.size());
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(stored[i]));
}

}  // namespace store

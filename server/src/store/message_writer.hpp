// The single writer of chat messages. Messages queued while a commit runs are stored
// together in the next transaction (group commit: one fsync per batch, not per message).
// A message's callback runs only after its batch has committed.
//
// With a commit interval, a message that arrives sooner than that after the previous commit
// began is held until a second message arrives or the interval ends, whichever comes first;
// the two share the next transaction, its fsync and the fan-out that follows (one write per
// socket for both). A message after a quiet interval is committed at once, and under heavy
// load batches form while the previous commit runs, so nothing is held.
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "store/store.hpp"

namespace store {

class MessageWriter {
 public:
  // Called on the writer thread, in commit order: the stored message, or nullopt when
  // the batch failed to commit (the message was not stored).
  using Done = std::function<void(std::optional<chat::Message>)>;

  // max_batch bounds one transaction; max_queue bounds memory (submit refuses beyond it).
  MessageWriter(MessageStore& store, std::size_t max_batch = 1024, std::size_t max_queue = 65536,
                std::chrono::microseconds commit_interval = std::chrono::microseconds(0));
  MessageWriter(const MessageWriter&) = delete;
  MessageWriter& operator=(const MessageWriter&) = delete;
  ~MessageWriter();  // flushes what is queued, then stops

  // false when the queue is full or the writer is stopping (the caller reports an error).
  bool submit(chat::NewMessage message, Done done);

  // Stores everything queued so far, then stops the thread. Idempotent.
  void stop();

  std::uint64_t batches_committed() const;
  std::uint64_t messages_committed() const;

 private:
  struct Pending {
    chat::NewMessage message;
    Done done;
  };
  void run();
  void commit(std::vector<Pending>& batch);

  MessageStore& store_;
  std::size_t max_batch_;
  std::size_t max_queue_;
  std::chrono::microseconds commit_interval_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  bool idle_ = false;     // the thread waits for a first message (submit must wake it)
  bool holding_ = false;  // the thread holds a message for the commit interval
  std::uint64_t batches_ = 0;
  std::uint64_t messages_ = 0;
  std::thread thread_;
};

}  // namespace store

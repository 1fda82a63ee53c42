// The single writer of channel changes (messages, edits, deletes, reactions) and of their
// events. Ops queued while a commit runs are applied together in the next transaction (group
// commit: one fsync per batch, not per op), each getting its channel's next seq. An op's
// callback runs only after its batch has committed.
//
// With a commit interval, a message that arrives sooner than that after the previous commit
// began is held until a second message arrives or the interval ends, whichever comes first;
// the two share the next transaction, its fsync and the fan-out that follows (one write per
// socket for both). A message after a quiet interval is committed at once, and under heavy
// load batches form while the previous commit runs, so nothing is held.
//
// Deletes erase: their batch commits as any other, then the store's journal is erased once
// for every delete of the last 100 ms (or as soon as the writer has nothing else to do), and
// only then run the callbacks given to after_erasure (the answers to those who deleted).
//
// With a search index (SPEC §13), new messages are indexed by this thread after their commit,
// in batches of their own (SearchStore::index_pending_messages): whenever the queue is empty,
// and under steady load within a tenth of the writer's time, so sending never waits for the index.
// At start it first fills the index of messages stored without one (logging its progress),
// giving way to queued ops between batches. Edits and deletes change the index in the
// transaction that applies them.
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

class EventWriter {
 public:
  // Called on the writer thread, in commit order, with what became of the op (status
  // failed: the store could not take it, nothing was stored).
  using Done = std::function<void(OpResult)>;

  // max_batch bounds one transaction; max_queue bounds memory (submit refuses beyond it).
  EventWriter(MessageStore& store, std::size_t max_batch = 1024, std::size_t max_queue = 65536,
              std::chrono::microseconds commit_interval = std::chrono::microseconds(0),
              SearchStore* search = nullptr);
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;
  ~EventWriter();  // flushes what is queued, then stops

  // false when the queue is full or the writer is stopping (the caller reports an error).
  bool submit(ChannelOp op, Done done);

  // Runs fn once the deletes committed so far have reached every file of the database
  // (MessageStore::erase_journal). Call it only from a Done callback (the writer thread).
  void after_erasure(std::function<void()> fn);

  // Stores everything queued so far, then stops the thread. Idempotent.
  void stop();

  std::uint64_t batches_committed() const;
  std::uint64_t ops_committed() const;

 private:
  struct Pending {
    ChannelOp op;
    Done done;
  };
  void run();
  void commit(std::vector<Pending>& batch);
  // When the waiting erasures are due: a while after the first of them, sooner when idle.
  std::chrono::steady_clock::time_point erasure_due() const;
  void erase();
  // One batch of at most limit rows: how many it took (0: nothing left, or it failed and logged).
  int index_batch(int limit);
  // Whether nothing arrives (and no stop) within wait.
  bool stays_quiet(std::chrono::steady_clock::duration wait);
  // Indexes while nothing is queued (or until stopping), logging progress of long runs.
  void index_while_idle();

  MessageStore& store_;
  std::size_t max_batch_;
  std::size_t max_queue_;
  std::chrono::microseconds commit_interval_;
  SearchStore* search_;
  bool index_behind_ = true;  // writer thread: messages may wait for the index
  // Writer thread: seconds of indexing steady load has earned (see kIndexShare), and since when.
  double index_credit_ = 0;
  std::chrono::steady_clock::time_point credit_since_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  bool idle_ = false;     // the thread waits for a first message (submit must wake it)
  bool holding_ = false;  // the thread holds a message for the commit interval
  std::uint64_t batches_ = 0;
  std::uint64_t ops_ = 0;
  // Writer-thread only: callbacks waiting for the next erasure, and when the first came.
  std::vector<std::function<void()>> erasure_waiters_;
  std::chrono::steady_clock::time_point first_erasure_waiter_;
  std::thread thread_;
};

}  // namespace store

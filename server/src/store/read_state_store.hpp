// Read states (SPEC §8), kept per user and channel so that every device of a user agrees.
// Mention counts are never stored as counters: they are counted when read, from the
// message_mentions rows the event writer keeps per message per mentioned user and from the
// channel's @everyone messages, at most kMaxMentionCount, through indexes that stop there.
// Two hints, kept by triggers, let a listing skip that count where nothing can be pending:
// a read state's last_mention_id and a channel's last_everyone_id.
#pragma once
#include <functional>
#include <vector>

#include "model/read_state.hpp"

namespace store {

// A mention badge shows at most this many ("100" reads as "100+").
constexpr int kMaxMentionCount = 100;

enum class AckStatus {
  moved,       // last_read_id changed (the caller tells the user's gateways)
  unchanged,   // an older (or the same) id without manual: nothing changed
  no_message,  // the id names no message of this channel
  no_channel,  // no such channel
};

struct AckResult {
  AckStatus status = AckStatus::no_channel;
  model::ReadState state;  // moved and unchanged: the read state as it is now
};

class ReadStateStore {
 public:
  virtual ~ReadStateStore() = default;
  // Moves user's last_read_id in channel to message_id: forward only, unless manual (then
  // it may move back: "mark unread"). A bounded number of statements whatever the history:
  // the caller has already checked that the user may read the channel.
  virtual AckResult ack(model::Id user_id, model::Id channel_id, model::Id message_id,
                        bool manual) = 0;
  // Runs work (a batch of acks, with their access checks) in one transaction on this thread's
  // connection: one commit for all of them instead of one each. The commit does not wait for
  // the disk (SQLite synchronous=NORMAL, PostgreSQL synchronous_commit off): a read mark is
  // not worth an fsync; a crash may lose the last acks, never a message. Throws when the
  // transaction fails (then none of the batch's acks is stored).
  virtual void ack_batch(const std::function<void()>& work) = 0;
  // Every read state of the user: the channels they acked or were mentioned in, the channels
  // of their servers as they were when they joined, and channels of their servers with an
  // @everyone they have not acked yet. Ascending channel id.
  virtual std::vector<model::ReadState> read_states(model::Id user_id) = 0;
};

}  // namespace store

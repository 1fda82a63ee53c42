// Puts each channel's events in seq order before the Hub sees them, on a node among several:
// its own commits (in commit order, straight from the writer) and its peers' (off the bus:
// late, lost or twice). Per channel it keeps the last seq delivered. A lower or equal seq is a
// duplicate and dropped; the next one is delivered with whatever was held behind it; a later
// one is held, and if the gap is still open after `hold` the missing events are read from the
// database (one read per channel at a time, serving every local socket). A gap wider than
// max_gap is not filled: the channel's sockets get resync_required and the channel goes on
// from the database's newest seq (the clients reload through REST, SPEC §6).
//
// A read's events join the held ones and go out `burst` per tick.
//
// The first event seen of a channel is held for `hold` too (unless it is seq 1), so that a
// peer's earlier commit still in flight is not taken for a duplicate; the channel then starts
// below the lowest seq seen.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "realtime/event.hpp"

namespace realtime {

struct SequencerOptions {
  std::chrono::milliseconds hold{50};
  std::size_t max_gap = 10000;   // a 5 s outage at 1,000 msgs/s is filled, not resynced
  std::size_t max_held = 20000;  // per channel; beyond: resync
  // Events read back are handed to the Hub this many per tick, so that sockets write between
  // and a catch-up of thousands does not overflow their send queues (1008 slow consumer).
  std::size_t burst = 256;
  std::chrono::milliseconds retry{500};  // after a failed read (the database is down)
};

struct SequencerCounters {
  std::uint64_t delivered = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t gaps = 0;    // reads started to fill a gap
  std::uint64_t filled = 0;  // events delivered from those reads
  std::uint64_t resyncs = 0;
  std::uint64_t failed_reads = 0;
};

class ChannelSequencer {
 public:
  using Id = model::Id;
  using Sink = std::function<void(const Delivery&)>;
  struct Read {
    bool ok = false;
    bool resync = false;  // too far behind or trimmed: send resync_required, go on from last_seq
    bool gone = false;    // the channel no longer exists: forget it
    Id last_seq = 0;      // the channel's newest seq when read
    std::vector<Delivery> events;  // after the asked seq, ascending, contiguous
  };
  // Reads what followed after_seq (at most max_gap events) off the caller's thread and hands
  // the result to done on any thread.
  using ReadAfter = std::function<void(Id channel_id, Id after_seq, std::size_t max_gap,
                                       std::function<void(Read)> done)>;

  ChannelSequencer(Sink sink, ReadAfter read_after, SequencerOptions options = {});

  // Any thread. event.seq != 0.
  void offer(const Delivery& event);
  // A peer says the channel reached seq (its heartbeat): if this node is behind, the tail
  // that no later event would reveal is read once the hold has passed.
  void peer_reached(Id channel_id, Id seq);
  // After the bus came back: every channel known here may have missed events.
  void recheck_all();
  // Periodically (every few ms): starts the reads of gaps open longer than the hold.
  void tick();

  SequencerCounters counters() const;
  std::size_t open_gaps() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Channel {
    bool started = false;  // the first hold is over: last is known
    Id last = 0;
    std::map<Id, Delivery> held;
    std::optional<Clock::time_point> gap_since;
    Id wanted = 0;       // a peer reached this seq
    bool probe = false;  // read whatever follows last (after a reconnect)
    bool reading = false;
    Clock::time_point retry_at{};
  };

  bool gap_open(const Channel& channel) const;
  // Missing events (not just read-back ones waiting for their turn).
  bool needs_read(const Channel& channel) const;
  void open_gap(Id channel_id, Channel& channel);
  // Delivers held events that follow last (at most budget); drops those at or below it.
  void drain(Channel& channel, std::size_t budget);
  void deliver(Channel& channel, const Delivery& event);
  void start_read(Id channel_id, Channel& channel);
  void finish_read(Id channel_id, Read read);
  void resync(Id channel_id, Channel& channel, Id continue_after);

  Sink sink_;
  ReadAfter read_after_;
  SequencerOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<Id, Channel> channels_;
  std::unordered_set<Id> open_;  // channels whose gap_since is set
  SequencerCounters counters_;
};

}  // namespace realtime

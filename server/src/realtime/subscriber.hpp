// What the Hub knows of a socket: it lives on one shard and is only ever called there.
#pragma once
#include <cstdint>

#include "realtime/event.hpp"

namespace realtime {

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Queues the event (no I/O yet); the Hub calls flush() once after a batch of deliveries.
  virtual void deliver(const ChannelEvent& event) = 0;
  virtual void flush() = 0;
  // Starts a close handshake with that code (no-op when already closing).
  virtual void close(std::uint16_t code) = 0;
  // Periodic: ping when idle, drop when the peer stopped answering.
  virtual void sweep() = 0;
  virtual std::int64_t session_id() const = 0;

  bool flush_pending = false;  // Hub bookkeeping: already in this batch's flush list
};

}  // namespace realtime

// What the Hub knows of a socket: it lives on one shard and is only ever called there.
#pragma once
#include <cstdint>

#include "realtime/event.hpp"
#include "realtime/send_batch.hpp"

namespace realtime {

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Queues the event (no I/O yet). After a batch of deliveries the Hub writes every touched
  // socket with one submission: stage() adds what this socket has queued to the shard's batch
  // (false: nothing to send now), and sent() then gets that send's result (bytes or -errno).
  virtual void deliver(const Delivery& event) = 0;
  virtual bool stage(SendBatch& batch) = 0;
  virtual void sent(long result) = 0;
  // Starts a close handshake with that code (no-op when already closing).
  virtual void close(std::uint16_t code) = 0;
  // Periodic: ping when idle, drop when the peer stopped answering. true: a ping is queued,
  // for the Hub to write with the shard's other pings.
  virtual bool sweep() = 0;
  virtual std::int64_t session_id() const = 0;
  virtual model::Id user_id() const = 0;

  bool flush_pending = false;  // Hub bookkeeping: already in this batch's flush list
};

}  // namespace realtime

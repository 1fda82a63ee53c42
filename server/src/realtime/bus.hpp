// How channel events reach every node's Hub. The in-process LocalBus is the default; a
// RedisBus (realtime/redis_bus.hpp) implements the same interface for several nodes.
#pragma once
#include <functional>

#include "realtime/event.hpp"

namespace realtime {

class Bus {
 public:
  using Sink = std::function<void(const Delivery&)>;
  virtual ~Bus() = default;
  // Delivers the event to every node's sink. Events published by one thread arrive at each
  // sink in publication order (the writer publishes messages in id order).
  virtual void publish(const Delivery& event) = 0;
  // The local Hub's entry point; set once before anything is published.
  virtual void set_sink(Sink sink) = 0;
  // Whether events reach the other nodes now (/readyz). A single process's bus always does.
  virtual bool ready() const { return true; }
  // This node's id among the cluster's (0: a process alone).
  virtual std::uint64_t node_id() const { return 0; }
};

}  // namespace realtime

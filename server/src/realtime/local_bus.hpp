// The Bus of a single process: publish hands the event straight to the local Hub.
#pragma once
#include "realtime/bus.hpp"

namespace realtime {

class LocalBus final : public Bus {
 public:
  void publish(const Delivery& event) override {
    if (sink_) sink_(event);
  }
  void set_sink(Sink sink) override { sink_ = std::move(sink); }

 private:
  Sink sink_;
};

}  // namespace realtime

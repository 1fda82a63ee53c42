#include "app/event_retention.hpp"

#include <boost/asio/post.hpp>

#include "util/log.hpp"
#include "util/time.hpp"

namespace app {

EventRetention::EventRetention(boost::asio::io_context& timer_context,
                               boost::asio::thread_pool& db_pool, store::Store& store, double days,
                               long keep_last, std::chrono::seconds interval)
    : timer_(timer_context),
      db_pool_(db_pool),
      store_(store),
      days_(days),
      keep_last_(keep_last),
      interval_(interval) {}

void EventRetention::start() {
  trim_now();
  schedule();
}

void EventRetention::schedule() {
  timer_.expires_after(interval_);
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    self->trim_now();
    self->schedule();
  });
}

void EventRetention::trim_now() {
  boost::asio::post(db_pool_, [self = shared_from_this()] {
    auto before = util::now_micros() - static_cast<std::int64_t>(self->days_ * 86'400e6);
    try {
      auto trimmed = self->store_.trim_events(before, self->keep_last_);
      if (trimmed > 0) util::LogEvent("events.trimmed").add("events", trimmed).info();
    } catch (const std::exception& e) {
      util::LogEvent("events.trim_failed").add("error", e.what()).warn();
    }
  });
}

}  // namespace app

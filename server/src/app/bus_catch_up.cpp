#include "app/bus_catch_up.hpp"

#include <boost/asio/post.hpp>
#include <unordered_map>

#include "realtime/frames.hpp"
#include "util/log.hpp"

namespace app {
namespace {

using model::Id;
using Read = realtime::ChannelSequencer::Read;

constexpr int kEventsPage = 500;
constexpr int kMessagesPage = 200;

// The messages created by these events, by id: one page query per 200 instead of one each.
std::unordered_map<Id, model::Message> created_messages(store::MessageStore& store, Id channel_id,
                                                        const std::vector<model::Event>& events) {
  std::unordered_map<Id, model::Message> messages;
  Id low = 0;
  Id high = 0;
  for (const auto& event : events) {
    if (event.kind != model::EventKind::message_create) continue;
    if (low == 0 || event.message_id < low) low = event.message_id;
    high = std::max(high, event.message_id);
  }
  Id after = low - 1;
  while (low != 0 && after < high) {
    store::MessagePage page;
    page.channel_id = channel_id;
    page.after = after;
    page.limit = kMessagesPage;
    auto rows = store.messages_page(page);
    if (rows.empty()) break;
    for (auto& message : rows) {
      after = message.id;
      messages.emplace(message.id, std::move(message));
    }
  }
  return messages;
}

Read read_after(store::MessageStore& store, Id channel_id, Id after, std::size_t max_gap) {
  Read read;
  auto window = store.event_window(channel_id);
  read.ok = true;
  read.last_seq = window.last_seq;
  if (!window.found) {
    read.gone = true;
    return read;
  }
  if (after < window.resumable_after || window.last_seq > after + static_cast<Id>(max_gap)) {
    read.resync = true;
    return read;
  }
  Id from = after;
  while (from < window.last_seq) {
    auto events = store.events_after(channel_id, from, kEventsPage);
    if (events.empty()) break;
    auto messages = created_messages(store, channel_id, events);
    for (const auto& event : events) {
      auto it = event.kind == model::EventKind::message_create ? messages.find(event.message_id)
                                                               : messages.end();
      read.events.push_back(
          realtime::event_delivery(event, it == messages.end() ? nullptr : &it->second, {}));
      from = event.seq;
    }
  }
  return read;
}

}  // namespace

realtime::ChannelSequencer::ReadAfter read_missed_events(store::MessageStore& store,
                                                         boost::asio::thread_pool& db_pool) {
  return [&store, &db_pool](Id channel_id, Id after, std::size_t max_gap,
                            std::function<void(Read)> done) {
    boost::asio::post(db_pool, [&store, channel_id, after, max_gap, done = std::move(done)] {
      Read read;
      try {
        read = read_after(store, channel_id, after, max_gap);
        util::LogEvent("bus.catch_up")
            .add("channel_id", channel_id)
            .add("after_seq", after)
            .add("events", read.events.size())
            .add("last_seq", read.last_seq)
            .add("resync", read.resync ? "yes" : "no")
            .debug();
      } catch (const std::exception& e) {
        read = Read{};  // ok false: retried shortly
        util::LogEvent("bus.catch_up_failed")
            .add("channel_id", channel_id)
            .add("error", e.what())
            .warn();
      }
      done(std::move(read));
    });
  };
}

}  // namespace app

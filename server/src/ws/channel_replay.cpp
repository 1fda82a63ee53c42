// Resuming a channel socket: ?after=<message id> replays newer messages (SPEC §3),
// ?after_seq=<seq> every newer event of the log (§6), a page at a time so that memory stays
// bounded by one page; live deliveries wait meanwhile and follow, minus what was replayed.
#include <boost/asio/post.hpp>

#include "codec/event_json.hpp"
#include "codec/json_text.hpp"
#include "util/log.hpp"
#include "ws/channel_session.hpp"

namespace ws {
namespace asio = boost::asio;

namespace {

constexpr int kReplayPage = 200;

realtime::Wire resync_required_frame(model::Id channel_id) {
  std::string payload = R"({"type":"resync_required","channel_id":)";
  codec::append_int(payload, channel_id);
  payload.push_back('}');
  return realtime::text_frame(payload);
}

}  // namespace

void ChannelSession::replay_next() {
  replay_waiting_ = false;
  if (!replaying_ || torn_down()) return;
  asio::post(services_->db_pool, [self = self<ChannelSession>(), after = replayed_up_to_] {
    std::vector<realtime::Wire> frames;
    model::Id last = after;
    bool ok = true;
    bool trimmed = false;
    try {
      auto& store = self->services_->store;
      if (self->replay_by_seq_) {
        auto window = store.event_window(self->info_.channel_id);
        trimmed = after < window.resumable_after;
        if (!trimmed) {
          for (auto& event : store.events_after(self->info_.channel_id, after, kReplayPage)) {
            frames.push_back(realtime::text_frame(event.frame));
            last = event.seq;
          }
        }
      } else {
        store::MessagePage request;
        request.channel_id = self->info_.channel_id;
        request.after = after;
        request.limit = kReplayPage;
        for (const auto& message : store.messages_page(request)) {
          frames.push_back(realtime::text_frame(codec::message_create_frame(message, message.seq)));
          last = message.id;
        }
      }
    } catch (const std::exception& e) {
      ok = false;
      util::LogEvent("ws.replay_failed").add("error", e.what()).warn();
    }
    auto executor = self->executor();
    asio::post(executor,
               [self = std::move(self), frames = std::move(frames), last, ok, trimmed]() mutable {
                 if (!self->replaying_ || self->torn_down()) return;
                 if (!ok) return self->close(1011);
                 if (trimmed) {
                   // Too old to resume: the client reloads the channel through REST; live events
                   // follow.
                   self->enqueue(resync_required_frame(self->info_.channel_id));
                   self->replayed_up_to_ = 0;  // nothing was replayed: every held delivery follows
                   return self->finish_replay();
                 }
                 bool full = frames.size() == static_cast<std::size_t>(kReplayPage);
                 self->replay_page(std::move(frames), last, full);
               });
  });
}

void ChannelSession::replay_page(std::vector<realtime::Wire> frames, model::Id last, bool full) {
  for (auto& frame : frames) enqueue(std::move(frame));
  replayed_up_to_ = last;
  if (!replaying_) return flush();  // overflowed: the close frame goes out
  if (full) {
    // More to come once this page is written.
    replay_waiting_ = true;
    if (!writing() && queue_empty()) return replay_next();
    flush();
    return;
  }
  finish_replay();
}

void ChannelSession::finish_replay() {
  replaying_ = false;
  auto held = std::move(held_);
  held_ = {};
  for (auto& event : held) {
    // Typing and the like have no seq and no id: they always follow.
    model::Id position = replay_by_seq_ ? event.seq : event.message_id;
    if (position == 0 || position > replayed_up_to_) enqueue(std::move(event.wire));
  }
  flush();
}

}  // namespace ws

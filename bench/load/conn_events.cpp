// Conn's side of the v2 event frames (SPEC §6-§7): the seq check of every event frame of the
// tracked channel, latency per event type, the gateway's ready frame, and a sender's mixed
// load (new messages over the socket; reactions, edits and deletes over REST).
#include <boost/json.hpp>

#include <initializer_list>

#include "conn.hpp"
#include "rest_client.hpp"

namespace parley_load {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

constexpr std::size_t kRecent = 32;       // the channel's latest messages a sender reacts to
constexpr std::size_t kOwn = 256;         // a sender's own messages it may edit or delete
constexpr std::size_t kRestBacklog = 32;  // queued REST actions per sender before skipping

void push_bounded(std::deque<std::int64_t>& d, std::int64_t v, std::size_t cap) {
  d.push_back(v);
  if (d.size() > cap) d.pop_front();
}

bool ok_status(int s) {
  return s >= 200 && s < 300;
}

}  // namespace

void Conn::on_event_frame(std::string_view frame, std::int64_t t) {
  ++st_.frames;
  const EventScan e = run_.escanner.scan(frame);
  if (run_.verify_every != 0 && e.type != EventType::ready) {
    ++st_.chat_frames;  // frames eligible for verification
    if (st_.chat_frames <= 64 || st_.chat_frames % run_.verify_every == 0) {
      ++st_.verified;
      std::string why;
      if (!run_.escanner.verify(frame, e, why)) {
        ++st_.verify_mismatch;
        if (st_.first_mismatch.empty())
          st_.first_mismatch = why + " in: " + std::string(frame.substr(0, 300));
      }
    }
  }
  switch (e.type) {
    case EventType::ready:
      return on_ready(frame, t);
    case EventType::error:
      return handle_error_frame(frame);
    case EventType::resync:
      ++st_.resync_frames;
      return;
    case EventType::other:
      ++st_.other_frames;
      return;
    default:
      if (catching_up_ && e.channel_id == run_.channel_id) {
        held_.emplace_back(frame);  // applied after what the events route gives
        return;
      }
      return on_event(e, t);
  }
}

void Conn::on_event(const EventScan& e, std::int64_t t) {
  if (e.channel_id != run_.channel_id) {
    ++st_.other_channel_events;
    return;
  }
  if (!first_event_seen_) {
    first_event_seen_ = true;
    st_.connect.connect_to_first_event_ns.record(static_cast<std::uint64_t>(t - t_start_ns_));
  }
  const auto seen = track_.record(e.seq);
  if (seen == SeqTracker::Seen::duplicate || seen == SeqTracker::Seen::before_base ||
      seen == SeqTracker::Seen::bad)
    return;  // counted by the tracker
  const auto ti = static_cast<std::size_t>(e.type);
  ++st_.type_delivered[ti];
  st_.live.events.fetch_add(1, std::memory_order_relaxed);
  st_.last_delivery_ns = t;

  // When was it sent? Messages and edits carry it in their content; deletes and reactions
  // were stamped by their sender in the shared clock.
  std::int64_t sent = -1;
  int emoji = -1;
  switch (e.type) {
    case EventType::message:
    case EventType::update:
      if (e.ours) sent = e.payload.send_ns;
      break;
    case EventType::remove:
      if (!run_.clock.get(EventClock::kDelete, e.id, 0, -1, sent)) sent = -1;
      break;
    default: {
      std::string decoded;
      if (e.emoji.find('\\') == std::string_view::npos)
        emoji = emoji_index(e.emoji);
      else if (decode_json_string(e.emoji, decoded))
        emoji = emoji_index(decoded);
      const auto kind = e.type == EventType::reaction_add ? EventClock::kReactionAdd
                                                          : EventClock::kReactionRemove;
      if (emoji < 0 || !run_.clock.get(kind, e.id, e.user_id, emoji, sent)) sent = -1;
    }
  }
  if (sent >= 0) {
    const auto lat = t > sent ? static_cast<std::uint64_t>(t - sent) : 0;
    st_.latency_ns.record(lat);
    st_.type_latency_ns[ti].record(lat);
    if (e.ours && cross_node(e.payload.sender)) st_.cross_node_latency_ns.record(lat);
  } else {
    ++st_.type_untimed[ti];
  }

  if (e.type == EventType::message && e.ours && !e.deleted) {
    ScanResult r;
    r.kind = ScanResult::Kind::chat;
    r.id = e.id;
    r.ours = true;
    r.payload = e.payload;
    handle_chat(r, t, false);  // per-message loss / duplicate / order checks, own echoes
    if (mix_) {
      push_bounded(mix_->recent, e.id, kRecent);
      if (e.payload.sender == sender_->index) push_bounded(mix_->own, e.id, kOwn);
    }
  } else if (e.type == EventType::remove && mix_) {
    mix_->gone.insert(e.id);
  }
}

void Conn::on_ready(std::string_view frame, std::int64_t t) {
  auto& cs = st_.connect;
  if (got_ready_) {
    ++cs.ready_bad;  // a second ready on one socket
    return;
  }
  got_ready_ = true;
  st_.live.ready.fetch_add(1, std::memory_order_relaxed);
  cs.connect_to_ready_ns.record(static_cast<std::uint64_t>(t - t_start_ns_));
  cs.request_to_ready_ns.record(static_cast<std::uint64_t>(t - t_request_ns_));
  cs.upgrade_to_ready_ns.record(static_cast<std::uint64_t>(t - t_101_ns_));
  cs.last_ready_ns = std::max(cs.last_ready_ns, t);
  cs.ready_bytes_sum += frame.size();
  cs.ready_bytes_min = std::min<std::uint64_t>(cs.ready_bytes_min, frame.size());
  cs.ready_bytes_max = std::max<std::uint64_t>(cs.ready_bytes_max, frame.size());

  // Checked against the contract's shape; the first difference is reported.
  auto bad = [&](const std::string& why) {
    ++cs.ready_bad;
    if (st_.first_mismatch.empty())
      st_.first_mismatch = "ready: " + why + " in: " + std::string(frame.substr(0, 300));
  };
  auto missing = [](const json::object& o, std::initializer_list<const char*> keys) -> const char* {
    for (const char* k : keys)
      if (!o.contains(k)) return k;
    return nullptr;
  };
  boost::system::error_code ec;
  const json::value v = json::parse(frame, ec);
  const auto* o = ec ? nullptr : v.if_object();
  if (!o) return bad("not a JSON object");
  if (const char* k = missing(*o, {"user", "servers", "dms", "read_states"}))
    return bad(std::string("no \"") + k + "\"");
  const auto* user = o->at("user").if_object();
  if (!user || missing(*user, {"id", "username"})) return bad("user is not {id, username}");
  const auto* servers = o->if_contains("servers");
  if (!servers->is_array()) return bad("servers is not an array");
  std::uint64_t nchan = 0;
  bool found = false;
  std::int64_t ready_last_seq = -1;  // a resumed socket's: what it has to catch up to
  for (const auto& s : servers->get_array()) {
    const auto* so = s.if_object();
    if (!so) return bad("a server is not an object");
    if (const char* k = missing(*so, {"id", "name", "icon", "owner", "channels"}))
      return bad(std::string("a server has no \"") + k + "\"");
    const auto* chans = so->at("channels").if_array();
    if (!chans) return bad("a server's channels is not an array");
    for (const auto& c : *chans) {
      ++nchan;
      const auto* co = c.if_object();
      if (!co) return bad("a channel is not an object");
      if (const char* k =
              missing(*co, {"id", "name", "topic", "last_message_id", "last_seq", "permissions"}))
        return bad(std::string("a channel has no \"") + k + "\"");
      const auto* id = co->if_contains("id");
      const auto* ls = co->if_contains("last_seq");
      if (!id->is_int64() || !ls->is_int64())
        return bad("a channel's id or last_seq is not an integer");
      if (!co->at("permissions").is_string()) return bad("a channel's permissions is not a string");
      if (run_.events && id->get_int64() == run_.channel_id) {
        found = true;
        if (!track_.has_base()) track_.set_base(ls->get_int64());
        ready_last_seq = ls->get_int64();
      }
    }
  }
  cs.ready_servers = servers->get_array().size();
  cs.ready_channels = nchan;
  if (run_.channel_id >= 0 && !found) ++cs.ready_without_channel;
  if (run_.resume_catch_up && ready_last_seq >= 0) {
    if (ready_last_seq > track_.max_seen())
      begin_catch_up(ready_last_seq);
    else
      cs.connect_to_caught_up_ns.record(static_cast<std::uint64_t>(t - t_start_ns_));
  }
}

// ---- the mixed load ----

bool Conn::act_one() {
  if (!take_ticket()) return false;
  const Action a = mix_->picker.next();
  if (a == Action::message || !queue_rest(a)) send_message();
  return true;
}

// Queues one REST action. Its target is chosen when the request is about to go out (after
// the answers to this sender's earlier requests), so that a user never repeats a reaction it
// has on, nor edits a message it has deleted; when there is none, a message is sent instead.
bool Conn::queue_rest(Action a) {
  if (session_.id < 0) {
    ++st_.fallbacks["no user id"];
    return false;
  }
  if (mix_->rest->queued() >= kRestBacklog) {
    ++st_.fallbacks["REST backlog"];
    return false;
  }
  st_.live.rest_submitted.fetch_add(1, std::memory_order_relaxed);
  auto self = shared_from_this();
  auto label = std::make_shared<std::string>();
  auto target = std::make_shared<std::int64_t>(-1);
  auto prepare = [self, a, label, target](RestClient::Request& r) -> bool {
    auto& m = *self->mix_;
    const std::string chan =
        "/api/channels/" + std::to_string(self->run_.channel_id) + "/messages/";
    auto fallback = [&](const char* why) {
      ++self->st_.fallbacks[why];
      self->st_.live.rest_resolved.fetch_add(1, std::memory_order_relaxed);
      if (self->open_ && !self->closing_ &&
          self->run_.phase.load(std::memory_order_relaxed) == kSending)
        self->send_message();
      return false;
    };
    if (a == Action::reaction) {
      // Reactions alternate: add one to the next of the channel's recent messages on which
      // this user has emoji left, then take it off again.
      std::int64_t mid = -1;
      if (m.reaction_on >= 0 && !m.gone.count(m.reaction_on)) {
        mid = m.reaction_on;
      } else {
        for (std::size_t tries = 0; tries < m.recent.size() && mid < 0; ++tries) {
          const std::int64_t c = m.recent[m.react_rr++ % m.recent.size()];
          const auto it = m.reactions.find(c);
          if (!m.gone.count(c) &&
              (it == m.reactions.end() || it->second.emoji < static_cast<int>(kEmoji.size())))
            mid = c;
        }
      }
      if (mid >= 0) {
        auto& st = m.reactions[mid];
        const bool add = !st.on;
        r.verb = add ? http::verb::put : http::verb::delete_;
        r.path = chan + std::to_string(mid) + "/reactions/" +
                 url_encode(kEmoji[static_cast<std::size_t>(st.emoji)]) + "/@me/";
        *label = add ? "PUT reaction" : "DELETE reaction";
        *target = mid;
        self->run_.clock.put(add ? EventClock::kReactionAdd : EventClock::kReactionRemove, mid,
                             self->session_.id, st.emoji, now_ns());
        return true;
      }
      return fallback("reaction: no recent message left");
    }
    // Edits take my newest message still there, round-robin over the last few; deletes my
    // oldest.
    std::int64_t mid = -1;
    if (a == Action::edit) {
      for (std::size_t tries = 0; tries < std::min<std::size_t>(m.own.size(), 8); ++tries) {
        const std::int64_t c =
            m.own[m.own.size() - 1 - (m.edit_rr++ % std::min<std::size_t>(m.own.size(), 8))];
        if (!m.gone.count(c)) {
          mid = c;
          break;
        }
      }
      if (mid < 0) return fallback("edit: no message of mine");
      std::string content;
      append_payload(content, self->run_.scanner.run_tag(), self->sender_->index,
                     self->sender_->next_seq++, now_ns(), self->run_.payload_size);
      r.verb = http::verb::patch;
      r.path = chan + std::to_string(mid) + "/";
      r.body = json::serialize(json::object{{"content", content}});
      *label = "PATCH message";
    } else {
      while (!m.own.empty() && m.gone.count(m.own.front())) m.own.pop_front();
      if (m.own.empty()) return fallback("delete: no message of mine");
      mid = m.own.front();
      m.own.pop_front();
      m.gone.insert(mid);  // no more edits or reactions of mine on it
      r.verb = http::verb::delete_;
      r.path = chan + std::to_string(mid) + "/";
      *label = "DELETE message";
      self->run_.clock.put(EventClock::kDelete, mid, 0, -1, now_ns());
    }
    *target = mid;
    return true;
  };
  auto done = [self, a, label, target](int status, std::string_view) {
    auto& st = self->st_;
    st.live.rest_resolved.fetch_add(1, std::memory_order_relaxed);
    ++st.rest_results[*label + " " + (status ? std::to_string(status) : "transport error")];
    if (ok_status(status)) st.live.rest_ok.fetch_add(1, std::memory_order_relaxed);
    if (a == Action::reaction) {
      auto& rs = self->mix_->reactions[*target];
      if (ok_status(status) && !rs.on) {
        rs.on = true;
      } else {
        rs.on = false;  // removed, or refused: go on with the next emoji either way
        ++rs.emoji;
      }
      self->mix_->reaction_on = rs.on ? *target : -1;
      if (status == 404) self->mix_->gone.insert(*target);
    }
  };
  mix_->rest->submit(std::move(prepare), std::move(done));
  return true;
}

}  // namespace parley_load

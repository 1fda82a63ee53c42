#include "presence/presence_tracker.hpp"

#include <algorithm>

#include "codec/presence_json.hpp"
#include "realtime/event.hpp"
#include "util/log.hpp"

namespace presence {
namespace asio = boost::asio;
using model::PresenceStatus;

PresenceTracker::PresenceTracker(asio::io_context& home, realtime::Bus& bus,
                                 store::MemberListStore& store, asio::thread_pool& db_pool,
                                 PresenceOptions options)
    : home_(home), bus_(bus), store_(store), db_pool_(db_pool), options_(options), timer_(home) {}

void PresenceTracker::socket_opened(model::Id user_id) {
  asio::post(home_, [this, user_id] {
    auto& user = users_[user_id];
    ++user.sockets;
    if (!user.loaded && !user.loading) return load(user_id);
    reconsider(user_id);
  });
}

void PresenceTracker::socket_closed(model::Id user_id) {
  asio::post(home_, [this, user_id] {
    auto it = users_.find(user_id);
    if (it == users_.end() || it->second.sockets == 0) return;
    if (--it->second.sockets == 0) it->second.last_closed = Clock::now();
    reconsider(user_id);
  });
}

void PresenceTracker::choose(model::Id user_id, PresenceStatus status) {
  asio::post(home_, [this, user_id, status] {
    auto it = users_.find(user_id);
    if (it == users_.end()) return;  // only a socket of the user chooses
    it->second.chosen = status;
    if (!it->second.loaded) it->second.chosen_here = true;
    persist(user_id);
    reconsider(user_id);
  });
}

void PresenceTracker::member_joined(model::Id server_id, model::Id user_id) {
  asio::post(home_, [this, server_id, user_id] {
    auto it = users_.find(user_id);
    if (it == users_.end()) return;  // offline: nothing to show, loaded on the next socket
    auto& user = it->second;
    if (user.loading) {
      user.joins_meanwhile.emplace_back(server_id, true);
      return;
    }
    auto pos = std::lower_bound(user.servers.begin(), user.servers.end(), server_id);
    if (pos != user.servers.end() && *pos == server_id) return;
    user.servers.insert(pos, server_id);
    // The newcomer's status, after its member.join, to that server's subscribers only.
    auto status = cluster_seen(user_id, user.seen(Clock::now(), grace()));
    if (status != PresenceStatus::offline) publish(user_id, status, {server_id});
  });
}

void PresenceTracker::member_left(model::Id server_id, model::Id user_id) {
  asio::post(home_, [this, server_id, user_id] {
    auto it = users_.find(user_id);
    if (it == users_.end()) return;
    auto& user = it->second;
    if (user.loading) {
      user.joins_meanwhile.emplace_back(server_id, false);
      return;
    }
    std::erase(user.servers, server_id);
  });
}

std::vector<PresenceStatus> PresenceTracker::seen_now(const std::vector<model::Id>& ids) const {
  auto now = Clock::now();
  std::vector<PresenceStatus> statuses;
  statuses.reserve(ids.size());
  for (auto id : ids) {
    auto it = users_.find(id);
    auto local = it == users_.end() ? PresenceStatus::offline : it->second.seen(now, grace());
    statuses.push_back(cluster_seen(id, local));
  }
  return statuses;
}

// The stored choice and the servers, read once per user coming online (a reconnect within
// the grace period finds them in memory).
void PresenceTracker::load(model::Id user_id) {
  users_[user_id].loading = true;
  asio::post(db_pool_, [this, user_id] {
    bool ok = true;
    PresenceStatus chosen = PresenceStatus::online;
    std::vector<model::Id> servers;
    try {
      chosen = store_.chosen_status(user_id);
      servers = store_.server_ids_of(user_id);
    } catch (const std::exception& e) {
      ok = false;
      util::LogEvent("presence.load_failed").add("user_id", user_id).add("error", e.what()).warn();
    }
    asio::post(home_, [this, user_id, ok, chosen, servers = std::move(servers)]() mutable {
      loaded(user_id, ok, chosen, std::move(servers));
    });
  });
}

void PresenceTracker::loaded(model::Id user_id, bool ok, PresenceStatus chosen,
                             std::vector<model::Id> servers) {
  auto& user = users_[user_id];
  user.loading = false;
  if (!ok) {
    // Unknown choice: show nothing rather than risk showing an invisible user; the next
    // socket tries again.
    if (user.sockets == 0) users_.erase(user_id);
    return;
  }
  user.loaded = true;
  // What the member lists were told already, by a node that has a socket of the user.
  user.published = peers_.seen(user_id);
  user.ever_published = user.published != PresenceStatus::offline;
  if (!user.chosen_here) user.chosen = chosen;
  user.servers = std::move(servers);
  for (auto [server_id, joined] : user.joins_meanwhile) {
    std::erase(user.servers, server_id);
    if (joined) user.servers.push_back(server_id);
  }
  user.joins_meanwhile.clear();
  std::sort(user.servers.begin(), user.servers.end());
  reconsider(user_id);
}

// One write at a time per user, always of the newest choice: two quick choices cannot be
// stored in the wrong order by two pool threads.
void PresenceTracker::persist(model::Id user_id) {
  auto& user = users_[user_id];
  if (user.persisting) {
    user.persist_again = true;
    return;
  }
  user.persisting = true;
  auto status = user.chosen;
  asio::post(db_pool_, [this, user_id, status] {
    try {
      store_.set_chosen_status(user_id, status);
    } catch (const std::exception& e) {
      util::LogEvent("presence.store_failed").add("user_id", user_id).add("error", e.what()).warn();
    }
    asio::post(home_, [this, user_id] {
      auto it = users_.find(user_id);
      if (it == users_.end()) return;
      it->second.persisting = false;
      if (it->second.persist_again) {
        it->second.persist_again = false;
        return persist(user_id);
      }
      reconsider(user_id);
    });
  });
}

void PresenceTracker::reconsider(model::Id user_id) {
  auto it = users_.find(user_id);
  if (it == users_.end()) return;
  auto& user = it->second;
  if (!user.loaded) return;
  auto now = Clock::now();
  auto local = user.seen(now, grace());
  auto status = cluster_seen(user_id, local);
  bool published_now = false;
  if (status != user.published || user.held) {
    auto window_end = user.last_published + options_.coalesce;
    bool going_invisible = status == PresenceStatus::offline &&
                           user.chosen == PresenceStatus::invisible && user.sockets > 0;
    if (!user.ever_published || now >= window_end || going_invisible) {
      user.published = status;
      user.ever_published = true;
      user.last_published = now;
      user.held = false;
      published_now = true;
      publish(user_id, status, user.servers);
    } else {
      user.held = true;
      wake_at(window_end, user_id);
    }
  }
  // Peers learn what this node's sockets say, and whether the lists were told of it.
  tell_peers(user_id, user, local, published_now);
  if (user.sockets > 0) return;
  auto grace_end = user.last_closed + grace();
  if (now < grace_end) return wake_at(grace_end, user_id);
  // Offline and told so: forget the user once the window is over (a reconnect then is
  // published at once, and still never twice in one window).
  auto forget_at = user.last_published + options_.coalesce;
  if (user.held || user.persisting) return;
  if (now < forget_at) return wake_at(forget_at, user_id);
  users_.erase(it);
}

void PresenceTracker::publish(model::Id user_id, PresenceStatus status,
                              const std::vector<model::Id>& servers) {
  if (servers.empty()) return;
  auto wire = realtime::text_frame(codec::presence_update_frame(user_id, status));
  for (auto server_id : servers) {
    realtime::Delivery delivery;
    delivery.topic = realtime::members_topic(server_id);
    delivery.parley = wire;
    bus_.publish(delivery);
  }
}

// One timer for every user: the earliest wake-up is armed; a wake-up that finds nothing to
// do (the user came back, or was reconsidered since) costs one lookup.
void PresenceTracker::wake_at(Clock::time_point at, model::Id user_id) {
  wakeups_.emplace(at, user_id);
  if (!armed_ || at < armed_at_) arm(at);
}

void PresenceTracker::arm(Clock::time_point at) {
  armed_ = true;
  armed_at_ = at;
  auto generation = ++armed_generation_;
  timer_.expires_at(at);  // a wait already pending ends with operation_aborted
  timer_.async_wait([this, generation](const boost::system::error_code& ec) {
    if (ec || generation != armed_generation_) return;
    armed_ = false;
    on_timer();
  });
}

void PresenceTracker::on_timer() {
  auto now = Clock::now();
  std::vector<model::Id> due;
  while (!wakeups_.empty() && wakeups_.begin()->first <= now) {
    due.push_back(wakeups_.begin()->second);
    wakeups_.erase(wakeups_.begin());
  }
  for (auto user_id : due) reconsider(user_id);
  if (!armed_ && !wakeups_.empty()) arm(wakeups_.begin()->first);
}

}  // namespace presence

// PresenceTracker across the nodes of a cluster (peer_presence.hpp): this node tells its
// peers what it sees of each user, keeps what they tell it, and decides what member lists are
// told from both. Only the node whose own sockets changed a user's cluster status publishes
// it; when a peer goes silent, the survivors publish its users offline.
#include "presence/presence_tracker.hpp"
#include "realtime/cluster_notices.hpp"
#include "util/log.hpp"

namespace presence {
namespace asio = boost::asio;
using model::PresenceStatus;
using realtime::ClusterNotices;
using realtime::Notice;

void PresenceTracker::tell_peers(model::Id user_id, UserPresence& user, PresenceStatus local,
                                 bool published) {
  if (local == user.told_peers) return;
  user.told_peers = local;
  user.told_published = published;
  ClusterNotices::tell_peers(Notice::presence_seen,
                             encode_presence_seen({user_id, local, published}));
}

void PresenceTracker::peer_seen(std::uint64_t origin, std::int64_t argument) {
  PresenceSeen notice;
  if (origin == 0 || !decode_presence_seen(argument, notice)) return;
  asio::post(home_, [this, origin, notice] {
    peers_.set(origin, notice.user_id, notice.seen);
    auto it = users_.find(notice.user_id);
    if (it == users_.end() || !it->second.loaded) return;
    auto& user = it->second;
    auto cluster = cluster_seen(notice.user_id, user.seen(Clock::now(), grace()));
    if (notice.published || user.told_published) {
      // One of the two told the lists: this node's record of what they know follows, unless
      // a change of its own waits for its window.
      if (!user.held) user.published = cluster;
      return;
    }
    // Neither told them: each decided while it still counted the other's socket (their
    // changes crossed). One of the two, the lower node id, tells them now.
    if (cluster == user.published || node_id_ > origin) {
      if (!user.held) user.published = cluster;
      return;
    }
    reconsider(notice.user_id);
  });
}

void PresenceTracker::peer_snapshot(std::uint64_t origin) {
  if (origin == 0) return;
  // What follows from that peer restates everything it sees (the notices come in order).
  asio::post(home_, [this, origin] { peers_.forget_node(origin); });
}

void PresenceTracker::peer_lost(std::uint64_t node) {
  asio::post(home_, [this, node] {
    auto users = peers_.forget_node(node);
    util::LogEvent("presence.peer_lost")
        .add("node", static_cast<std::int64_t>(node))
        .add("users", users.size())
        .info();
    for (auto user_id : users) {
      if (users_.count(user_id)) {
        reconsider(user_id);  // this node's sockets or grace decide now
      } else if (peers_.seen(user_id) == PresenceStatus::offline) {
        publish_offline_of_remote(user_id);
      }
    }
  });
}

// A user this node has no record of (their sockets were on the lost peer): which servers'
// lists to tell is read first.
void PresenceTracker::publish_offline_of_remote(model::Id user_id) {
  asio::post(db_pool_, [this, user_id] {
    std::vector<model::Id> servers;
    try {
      servers = store_.server_ids_of(user_id);
    } catch (const std::exception& e) {
      util::LogEvent("presence.load_failed").add("user_id", user_id).add("error", e.what()).warn();
      return;
    }
    asio::post(home_, [this, user_id, servers = std::move(servers)] {
      // Back meanwhile, here or on a peer: that node told the lists.
      if (users_.count(user_id) || peers_.seen(user_id) != PresenceStatus::offline) return;
      publish(user_id, PresenceStatus::offline, servers);
    });
  });
}

void PresenceTracker::send_snapshot() {
  asio::post(home_, [this] { snapshot_now(); });
}

void PresenceTracker::resubscribed() {
  asio::post(home_, [this] {
    ClusterNotices::tell_peers(Notice::presence_resync, 0);
    snapshot_now();
  });
}

void PresenceTracker::snapshot_now() {
  ClusterNotices::tell_peers(Notice::presence_snapshot, 0);
  auto now = Clock::now();
  for (auto& [user_id, user] : users_) {
    auto local = user.seen(now, grace());
    user.told_peers = local;
    if (local != PresenceStatus::offline)
      ClusterNotices::tell_peers(Notice::presence_seen,
                                 encode_presence_seen({user_id, local, true}));
  }
}

}  // namespace presence

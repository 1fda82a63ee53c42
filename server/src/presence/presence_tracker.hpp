// Who is online (SPEC §11), for one process. One owner: every state change runs on the
// tracker's home io_context (one I/O shard), whatever thread reports it, so the state needs
// no lock and the sockets of one user on different shards are counted in order.
//
// A user is online while any socket of theirs is open and turns offline `grace` after the
// last one closed (a reconnect within it changes nothing anyone sees). What others see
// (online, idle, dnd or offline; invisible shows offline) goes out as presence.update to the
// member-list topic of each server the user belongs to, at most once per user per
// `coalesce` window: a change inside the window is held and the state at the window's end is
// sent. Going invisible is the exception: it is sent at once, so that nobody goes on seeing
// an invisible user online.
#pragma once
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <map>
#include <unordered_map>
#include <vector>

#include "presence/peer_presence.hpp"
#include "presence/user_presence.hpp"
#include "realtime/bus.hpp"
#include "store/presence_store.hpp"

namespace presence {

struct PresenceOptions {
  std::chrono::milliseconds grace{15000};
  std::chrono::milliseconds coalesce{5000};
};

class PresenceTracker {
 public:
  PresenceTracker(boost::asio::io_context& home, realtime::Bus& bus, store::MemberListStore& store,
                  boost::asio::thread_pool& db_pool, PresenceOptions options);
  PresenceTracker(const PresenceTracker&) = delete;
  PresenceTracker& operator=(const PresenceTracker&) = delete;

  // Any thread. Calls from one thread take effect in the order they were made.
  void socket_opened(model::Id user_id);
  void socket_closed(model::Id user_id);
  // status: one a user may choose (not offline). It is stored, so that it outlives the
  // user's sockets and the process.
  void choose(model::Id user_id, model::PresenceStatus status);
  // After the change is stored and its member.join / member.leave published.
  void member_joined(model::Id server_id, model::Id user_id);
  void member_left(model::Id server_id, model::Id user_id);

  // co_await: what others see of these users now, in the same order (resumes on the
  // caller's executor).
  auto seen(const std::vector<model::Id>& user_ids) {
    namespace asio = boost::asio;
    using Result = std::vector<model::PresenceStatus>;
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Result)>(
        [this](auto handler, std::vector<model::Id> ids) {
          asio::post(home_, [this, handler = std::move(handler), ids = std::move(ids)]() mutable {
            auto statuses = seen_now(ids);
            auto executor = asio::get_associated_executor(handler);
            asio::dispatch(
                executor, [handler = std::move(handler), statuses = std::move(statuses)]() mutable {
                  std::move(handler)(nullptr, std::move(statuses));
                });
          });
        },
        asio::use_awaitable, user_ids);
  }

  const PresenceOptions& options() const { return options_; }

  // Presence across the nodes of a cluster (presence_cluster.cpp; realtime::ClusterNotices).
  // Any thread; origin is the peer's node id.
  void peer_seen(std::uint64_t origin, std::int64_t argument);
  void peer_snapshot(std::uint64_t origin);
  void peer_lost(std::uint64_t node);
  void send_snapshot();  // asked by a peer (presence_resync), or after resubscribing
  void resubscribed();   // ask the peers for theirs, and send ours
  // At startup, before serving: this node's id on the bus (it breaks ties between nodes).
  void set_node_id(std::uint64_t node_id) { node_id_ = node_id; }

 private:
  Clock::duration grace() const { return options_.grace; }
  std::vector<model::PresenceStatus> seen_now(const std::vector<model::Id>& user_ids) const;
  void load(model::Id user_id);
  void loaded(model::Id user_id, bool ok, model::PresenceStatus chosen,
              std::vector<model::Id> servers);
  void persist(model::Id user_id);
  // Decides what the user's state means now: publish, hold, wait for the grace period to
  // end, or forget the user.
  void reconsider(model::Id user_id);
  void publish(model::Id user_id, model::PresenceStatus status,
               const std::vector<model::Id>& servers);
  void wake_at(Clock::time_point at, model::Id user_id);
  // What the cluster sees: this node's sockets first, the peers' otherwise.
  model::PresenceStatus cluster_seen(model::Id user_id, model::PresenceStatus local) const {
    return local != model::PresenceStatus::offline ? local : peers_.seen(user_id);
  }
  void tell_peers(model::Id user_id, UserPresence& user, model::PresenceStatus local,
                  bool published);
  void snapshot_now();
  void publish_offline_of_remote(model::Id user_id);
  void arm(Clock::time_point at);
  void on_timer();

  boost::asio::io_context& home_;
  realtime::Bus& bus_;
  store::MemberListStore& store_;
  boost::asio::thread_pool& db_pool_;
  PresenceOptions options_;
  // Owned by the home thread:
  std::unordered_map<model::Id, UserPresence> users_;
  PeerPresence peers_;
  std::uint64_t node_id_ = 0;
  std::multimap<Clock::time_point, model::Id> wakeups_;  // a user to reconsider, and when
  boost::asio::steady_timer timer_;
  Clock::time_point armed_at_{};
  std::uint64_t armed_generation_ = 0;
  bool armed_ = false;
};

}  // namespace presence

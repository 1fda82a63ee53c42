// What every node of a cluster must act on besides socket frames: caches that depend on
// memberships, bans and permissions must forget what they hold, and a revoked session's
// sockets must close wherever they are. raise() runs this node's handlers at once and hands
// the notice to the bus (RedisBus publishes it to every other node, on the same connection as
// the deliveries, so a peer forgets before it sees what followed). On one node nothing else
// is needed: the relay is unset.
//
// Usage: at startup register a handler per cache (AccessCache, the permission cache), and
// call raise(access_changed, server_id) wherever memberships, channels, bans or roles change.
#pragma once
#include <cstdint>
#include <functional>

namespace realtime {

enum class Notice : std::uint8_t {
  access_changed = 1,   // argument: the server (0: not known or several); forget access caches
  session_revoked = 2,  // argument: the session id; its sockets close with 4001
  message_sent = 3,     // argument: the user id; their per-user send rate is charged
  // The login and registration throttles (auth/throttle): argument, the digest of the key.
  login_failure_by_name = 4,     // a failed login for this name from this address
  login_failure_by_address = 5,  // a failed login from this address
  registration = 6,              // an account registered from this address
  // Presence across nodes (presence/peer_presence.hpp), sent with tell_peers:
  presence_seen = 7,      // argument: encode_presence_seen(user, what this node sees of them)
  presence_snapshot = 8,  // the sender restates everything it sees: forget what it said before
  presence_resync = 9,    // the sender missed notices: everyone sends a snapshot
  // Raised by the bus on this node only, never sent:
  peer_lost = 10,     // argument: a peer's node id, unheard for RedisBusOptions::peer_timeout
  resubscribed = 11,  // this node's subscription is (again) in place: it may have missed some
};

class ClusterNotices {
 public:
  using Handler = std::function<void(std::int64_t argument)>;
  using Relay = std::function<void(Notice, std::int64_t argument)>;
  // origin: the node that raised it (0: this one).
  using PeerHandler = std::function<void(std::uint64_t origin, std::int64_t argument)>;

  // At startup, before serving. Handlers run on whichever thread raised or received.
  static void on(Notice notice, Handler handler);
  static void on_peer(Notice notice, PeerHandler handler);
  static void set_relay(Relay relay);
  // Here and on every other node.
  static void raise(Notice notice, std::int64_t argument = 0);
  // The other nodes only (what this node already accounted for itself).
  static void tell_peers(Notice notice, std::int64_t argument);
  // Here only: what the bus calls when a peer's notice arrives (origin: the peer's node id).
  static void run_here(Notice notice, std::int64_t argument, std::uint64_t origin = 0);
};

}  // namespace realtime

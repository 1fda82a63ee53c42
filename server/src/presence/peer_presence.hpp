// What the other nodes of a cluster see of users (SPEC §11, §14): each node counts only its
// own sockets, tells its peers when what it sees of a user changes (presence_seen), restates
// everything it sees when asked (presence_snapshot), and a node that goes silent takes its
// users' sockets with it (peer_lost). A user is online for the cluster while any node sees
// them so. This is that record, for one node; the PresenceTracker owns it on its home thread.
#pragma once
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "model/ids.hpp"
#include "model/presence.hpp"

namespace presence {

// presence_seen's argument in one integer: the user id, what the sender sees (online, idle,
// dnd or offline), and whether it told the member lists of the change this made (if not,
// the receiver may have to: the two nodes' changes crossed). decode: false for an argument no
// node sends.
struct PresenceSeen {
  model::Id user_id = 0;
  model::PresenceStatus seen = model::PresenceStatus::offline;
  bool published = false;
};
std::int64_t encode_presence_seen(const PresenceSeen& notice);
bool decode_presence_seen(std::int64_t argument, PresenceSeen& notice);

class PeerPresence {
 public:
  // What node sees of the user now (offline: none of their sockets are there).
  void set(std::uint64_t node, model::Id user_id, model::PresenceStatus seen);
  // Forgets what node said; the users it saw, whose state may have changed.
  std::vector<model::Id> forget_node(std::uint64_t node);
  // What the peers see: offline unless one of them has a socket of the user.
  model::PresenceStatus seen(model::Id user_id) const;

 private:
  std::unordered_map<model::Id, std::vector<std::pair<std::uint64_t, model::PresenceStatus>>>
      by_user_;  // only what is not offline
  std::unordered_map<std::uint64_t, std::unordered_set<model::Id>> by_node_;
};

}  // namespace presence

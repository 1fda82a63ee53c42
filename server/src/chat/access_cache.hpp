// Who a reader is in a channel (store::ChannelAccess), remembered for a second on each I/O
// thread, so that a burst of reactions, edits and deletes does not pay a database round trip
// on the pool for each. Every change to memberships, servers or channels made on this node
// forgets everything at once (CommunityEvents calls forget_all); the second bounds how long
// a change can go unseen where nothing tells this node (another node, once there are several).
#pragma once
#include <cstdint>
#include <optional>

#include "store/store.hpp"

namespace chat {

class AccessCache {
 public:
  // Read before asking the store, and handed back to remember: an answer read across a
  // forget_all is never kept.
  static std::uint64_t generation();
  static std::optional<store::ChannelAccess> find(model::Id channel_id, model::Id reader_id);
  static void remember(model::Id channel_id, model::Id reader_id,
                       const store::ChannelAccess& access, std::uint64_t generation);
  // Any thread.
  static void forget_all();
};

}  // namespace chat

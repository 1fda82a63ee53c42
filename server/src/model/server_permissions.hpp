// What the permission function knows about one server (SPEC §10): its owner, @everyone's
// bits, each role's rank and bits, who holds which roles, and every channel's overwrites.
// Built from the store once, shared read-only by every thread until something changes.
#pragma once
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/ids.hpp"

namespace model {

struct RoleRank {
  int position = 0;
  std::uint64_t permissions = 0;
};

struct ChannelOverwrite {
  Id target_id = 0;
  bool member = false;
  std::uint64_t allow = 0;
  std::uint64_t deny = 0;
};

struct ServerPermissions {
  Id server_id = 0;
  Id owner_id = 0;
  std::uint64_t everyone = 0;
  std::unordered_map<Id, RoleRank> roles;
  std::unordered_map<Id, std::vector<Id>> member_roles;              // user → roles held
  std::unordered_map<Id, std::vector<ChannelOverwrite>> overwrites;  // channel → overwrites
  std::unordered_set<Id> banned;  // hold nothing here, not even a reader's bits
  // user → until when (µs since the epoch) they may not post or react; may have expired.
  std::unordered_map<Id, std::int64_t> timeouts;
  bool is_private = false;  // non-members may not see it at all (SPEC §10)
};

}  // namespace model

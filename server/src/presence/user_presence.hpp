// One user's presence as the tracker keeps it, and the rules that decide what others see.
#pragma once
#include <chrono>
#include <utility>
#include <vector>

#include "model/presence.hpp"

namespace presence {

using Clock = std::chrono::steady_clock;

struct UserPresence {
  int sockets = 0;                  // open sockets, gateway and channel alike
  Clock::time_point last_closed{};  // when sockets last fell to 0 (the grace period starts)
  model::PresenceStatus chosen = model::PresenceStatus::online;
  bool chosen_here = false;  // chosen on a socket while the stored choice was loading
  bool loading = false;      // the stored choice and the servers are being read
  bool loaded = false;       // ... and have been: nothing is shown before (it may be invisible)
  std::vector<model::Id> servers;                           // ascending: where presence goes
  std::vector<std::pair<model::Id, bool>> joins_meanwhile;  // (server, joined) while loading
  bool persisting = false;                                  // a write of the choice is under way
  bool persist_again = false;                               // the choice changed during that write

  // What subscribers were last told, when, and whether a change is held back by the
  // coalescing window (it goes out when the window ends, whatever the state is then).
  model::PresenceStatus published = model::PresenceStatus::offline;
  bool ever_published = false;
  Clock::time_point last_published{};
  bool held = false;
  // What this node last told its peers it sees of the user (presence_seen).
  model::PresenceStatus told_peers = model::PresenceStatus::offline;
  bool told_published = false;  // ... and whether it told the lists of that change itself

  // What others see now: offline once the grace period after the last socket is over, or
  // while invisible; the chosen status otherwise.
  model::PresenceStatus seen(Clock::time_point now, Clock::duration grace) const {
    if (!loaded) return model::PresenceStatus::offline;
    if (sockets == 0 && now >= last_closed + grace) return model::PresenceStatus::offline;
    if (chosen == model::PresenceStatus::invisible) return model::PresenceStatus::offline;
    return chosen;
  }
};

}  // namespace presence

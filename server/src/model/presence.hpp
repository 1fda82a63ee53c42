// Presence (SPEC §11): the status a user chose, what others see of it, and a member of a
// server as the member list shows one.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "model/ids.hpp"

namespace model {

// online, idle, dnd and invisible are what a user may choose (kept across reconnects);
// offline is what others see of a user with no socket open, or of an invisible one.
enum class PresenceStatus { online, idle, dnd, invisible, offline };

inline std::string_view status_name(PresenceStatus status) {
  switch (status) {
    case PresenceStatus::online:
      return "online";
    case PresenceStatus::idle:
      return "idle";
    case PresenceStatus::dnd:
      return "dnd";
    case PresenceStatus::invisible:
      return "invisible";
    case PresenceStatus::offline:
      break;
  }
  return "offline";
}

// The statuses a client may choose, by name (nullopt: not one of them; "offline" is not).
inline std::optional<PresenceStatus> chosen_status_named(std::string_view name) {
  for (auto status : {PresenceStatus::online, PresenceStatus::idle, PresenceStatus::dnd,
                      PresenceStatus::invisible}) {
    if (status_name(status) == name) return status;
  }
  return std::nullopt;
}

struct Member {
  Id user_id = 0;
  std::string username;
  Micros joined_at = 0;
};

}  // namespace model

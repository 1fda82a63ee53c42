// Who may open a 1:1 with whom, or add whom to a group (SPEC §9): never someone who blocked
// you; otherwise as the recipient's dm_policy says.
#pragma once
#include <optional>
#include <string_view>

#include "model/direct_message.hpp"
#include "store/direct_message_store.hpp"

namespace chat {

inline bool may_reach(const store::DmReach& reach) {
  if (!reach.exists || reach.blocks_caller) return false;
  switch (reach.policy) {
    case model::DmPolicy::everyone:
      return true;
    case model::DmPolicy::shared_servers:
      return reach.shares_server;
    case model::DmPolicy::nobody:
      return false;
  }
  return false;
}

// A group's name: at most this many characters.
constexpr std::size_t kMaxGroupName = 100;

inline std::string_view policy_name(model::DmPolicy policy) {
  switch (policy) {
    case model::DmPolicy::everyone:
      return "everyone";
    case model::DmPolicy::shared_servers:
      return "shared_servers";
    case model::DmPolicy::nobody:
      return "nobody";
  }
  return "shared_servers";
}

inline std::optional<model::DmPolicy> parse_policy(std::string_view text) {
  if (text == "everyone") return model::DmPolicy::everyone;
  if (text == "shared_servers") return model::DmPolicy::shared_servers;
  if (text == "nobody") return model::DmPolicy::nobody;
  return std::nullopt;
}

}  // namespace chat

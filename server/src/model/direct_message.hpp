// Direct message channels (SPEC §9): a 1:1 of two people or a group of up to ten. A DM is a
// row of `channels` without a server, so its messages, events and reactions are a channel's.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "model/ids.hpp"

namespace model {

enum class DmKind { dm = 1, group = 2 };

// Who may open a 1:1 with a user or add them to a group.
enum class DmPolicy { everyone = 0, shared_servers = 1, nobody = 2 };

struct UserRef {
  Id id = 0;
  std::string username;
};

struct DirectChannel {
  Id id = 0;
  DmKind kind = DmKind::dm;
  std::optional<std::string> name;  // groups only; nullopt: unnamed
  Id owner_id = 0;                  // groups only (0: a 1:1, or a group everyone left)
  std::vector<UserRef> recipients;  // everyone in it, the viewer included, ascending id
  Id last_message_id = 0;
  Id last_seq = 0;
};

}  // namespace model

// A server invite (SPEC §10): a random code that lets whoever holds it join the server, until
// it expires, is used up or is revoked.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "model/ids.hpp"

namespace model {

struct Invite {
  std::string code;
  Id server_id = 0;
  std::optional<Id> inviter_id;  // null once the inviter's account is gone
  std::int64_t uses = 0;
  std::int64_t max_uses = 0;         // 0: unlimited
  std::optional<Micros> expires_at;  // nullopt: never
  Micros created_at = 0;
};

}  // namespace model

// Timeouts and the audit log (SPEC §10). A timeout lives beside the membership, not in it:
// leaving and rejoining does not lift it. Audit entries are written by the caller inside the
// transaction of the action they record (Store::transaction), so that no action is stored
// without its entry, nor an entry without its action.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/ids.hpp"

namespace store {

struct AuditEntry {
  model::Id id = 0;  // given by record_audit
  model::Id server_id = 0;
  std::string action;  // "member.kick", "role.update", ... (SPEC §10)
  std::optional<model::Id> actor_id;
  std::optional<model::Id> target_id;
  std::optional<std::string> reason;
  std::optional<std::string> changes;  // a JSON object, serialized; nullopt: none
  std::int64_t created_at = 0;         // microseconds since the epoch
};

// A message of the server's channels, for deleting a banned user's recent history.
struct AuthoredMessage {
  model::Id channel_id = 0;
  model::Id message_id = 0;
};

class ModerationStore {
 public:
  virtual ~ModerationStore() = default;
  // Sets (until) or lifts (nullopt) the member's timeout; false when they are not a member.
  // Expired timeouts of the server are dropped on the way.
  virtual bool set_timeout(model::Id server_id, model::Id user_id,
                           std::optional<std::int64_t> until, std::int64_t now) = 0;
  // Until when the user is timed out there, if later than now.
  virtual std::optional<std::int64_t> timeout_until(model::Id server_id, model::Id user_id,
                                                    std::int64_t now) = 0;

  virtual model::Id record_audit(const AuditEntry& entry) = 0;
  // Newest first, ids below before (when set), at most limit.
  virtual std::vector<AuditEntry> audit_log(model::Id server_id, std::optional<model::Id> before,
                                            int limit) = 0;

  // The user's live messages in the server's channels created at or after since, newest
  // first, at most limit.
  virtual std::vector<AuthoredMessage> messages_since(model::Id server_id, model::Id author_id,
                                                      std::int64_t since, int limit) = 0;
};

}  // namespace store

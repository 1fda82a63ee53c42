// The audit log's side of the management routes (SPEC §10): the reason a moderator gives in
// `X-Audit-Log-Reason`, and the entry each action writes in its own transaction.
#pragma once
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/types.hpp"
#include "store/moderation_store.hpp"
#include "store/role_store.hpp"

namespace api {

constexpr std::size_t kMaxAuditReason = 512;  // characters (code points)

// The header's reason, percent-decoded: nullopt when absent or blank; the 400 to answer when
// it is not percent-encoded UTF-8 of at most kMaxAuditReason characters.
struct AuditReason {
  std::optional<std::string> reason;
  std::optional<http::Response> error;
};
AuditReason read_audit_reason(const http::Request& request);

// One entry, stamped now. changes() gathers {"field": [old, new]}, leaving out fields that
// did not change.
class AuditRecord {
 public:
  AuditRecord(model::Id server_id, std::string_view action, model::Id actor_id,
              std::optional<model::Id> target_id, const std::optional<std::string>& reason);

  AuditRecord& change(std::string_view field, boost::json::value before, boost::json::value after);
  // Any JSON-convertible pair (strings, numbers, booleans, nullptr).
  template <class Before, class After>
  AuditRecord& change(std::string_view field, const Before& before, const After& after) {
    return change(field, boost::json::value_from(before), boost::json::value_from(after));
  }
  // A value that is not a change (message.delete's channel_id and message_id).
  AuditRecord& note(std::string_view field, boost::json::value value);

  // Writes the entry (call it inside the action's transaction).
  void write(store::ModerationStore& store);

 private:
  store::AuditEntry entry_;
  boost::json::object changes_;
};

// A role's fields that differ between before and after (either may be absent: created,
// deleted); permissions as decimal strings, as the API shows them.
void add_role_changes(AuditRecord& record, const std::optional<store::Role>& before,
                      const std::optional<store::Role>& after);

}  // namespace api

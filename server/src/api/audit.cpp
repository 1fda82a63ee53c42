#include "api/audit.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/pct_string_view.hpp>

#include "api/request_io.hpp"
#include "chat/text_rules.hpp"
#include "util/time.hpp"
#include "ws/utf8_validator.hpp"

namespace api {
namespace {

constexpr std::string_view kHeader = "X-Audit-Log-Reason";

}  // namespace

AuditReason read_audit_reason(const http::Request& request) {
  AuditReason result;
  auto found = request.find(kHeader);
  if (found == request.end()) return result;
  std::string_view raw(found->value().data(), found->value().size());
  // Percent-encoded, each character is at most 12 bytes on the wire: anything longer is over
  // the limit whatever it decodes to.
  if (raw.size() > kMaxAuditReason * 12) {
    result.error = field_error(kHeader, "Ensure this header has no more than 512 characters.");
    return result;
  }
  // Percent-decoded as the emoji of reaction paths are (api/reactions_api.cpp).
  auto encoded = boost::urls::make_pct_string_view(raw);
  std::string decoded;
  if (encoded) decoded = encoded->decode();
  if (!encoded || !ws::Utf8Validator::is_valid(decoded)) {
    result.error = field_error(kHeader, "Send the reason as percent-encoded UTF-8.");
    return result;
  }
  if (chat::count_code_points(decoded) > kMaxAuditReason) {
    result.error = field_error(kHeader, "Ensure this header has no more than 512 characters.");
    return result;
  }
  if (!chat::is_blank(decoded)) result.reason = std::move(decoded);
  return result;
}

AuditRecord::AuditRecord(model::Id server_id, std::string_view action, model::Id actor_id,
                         std::optional<model::Id> target_id,
                         const std::optional<std::string>& reason) {
  entry_.server_id = server_id;
  entry_.action = std::string(action);
  entry_.actor_id = actor_id;
  entry_.target_id = target_id;
  entry_.reason = reason;
}

AuditRecord& AuditRecord::change(std::string_view field, boost::json::value before,
                                 boost::json::value after) {
  if (before != after) changes_[field] = boost::json::array{std::move(before), std::move(after)};
  return *this;
}

AuditRecord& AuditRecord::note(std::string_view field, boost::json::value value) {
  changes_[field] = std::move(value);
  return *this;
}

void AuditRecord::write(store::ModerationStore& store) {
  entry_.created_at = util::now_micros();
  if (!changes_.empty()) entry_.changes = boost::json::serialize(changes_);
  store.record_audit(entry_);
}

void add_role_changes(AuditRecord& record, const std::optional<store::Role>& before,
                      const std::optional<store::Role>& after) {
  auto field = [&](std::string_view name, auto get) {
    record.change(name, before ? get(*before) : boost::json::value(nullptr),
                  after ? get(*after) : boost::json::value(nullptr));
  };
  field("name", [](const store::Role& r) { return boost::json::value(r.name); });
  field("color", [](const store::Role& r) { return boost::json::value(r.color); });
  field("position", [](const store::Role& r) { return boost::json::value(r.position); });
  field("permissions",
        [](const store::Role& r) { return boost::json::value(std::to_string(r.permissions)); });
  field("hoist", [](const store::Role& r) { return boost::json::value(r.hoist); });
  field("mentionable", [](const store::Role& r) { return boost::json::value(r.mentionable); });
}

}  // namespace api

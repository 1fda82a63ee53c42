#include "api/audit.hpp"

#include <boost/json/serialize.hpp>

#include "api/request_io.hpp"
#include "chat/text_rules.hpp"
#include "util/time.hpp"
#include "ws/utf8_validator.hpp"

namespace api {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "%E2%9C%93 ok" → "✓ ok"; nullopt on a broken escape.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

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
  auto decoded = percent_decode(raw);
  if (!decoded || !ws::Utf8Validator::is_valid(*decoded)) {
    result.error = field_error(kHeader, "Send the reason as percent-encoded UTF-8.");
    return result;
  }
  if (chat::count_code_points(*decoded) > kMaxAuditReason) {
    result.error = field_error(kHeader, "Ensure this header has no more than 512 characters.");
    return result;
  }
  if (!chat::is_blank(*decoded)) result.reason = std::move(*decoded);
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

AuditRecord& AuditRecord::target(model::Id id) {
  entry_.target_id = id;
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

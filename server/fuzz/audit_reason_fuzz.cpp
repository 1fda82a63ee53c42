// The `X-Audit-Log-Reason` header of the management routes (api/audit, SPEC §10): any bytes.
// Exactly one of three answers: no reason (absent or blank), a reason, or a 400. A reason is
// valid UTF-8 of at most kMaxAuditReason characters, never blank, and the header's bytes
// decoded; a header without '%' that is a valid short reason comes back unchanged.
#include <cstdint>
#include <string_view>

#include "api/audit.hpp"
#include "chat/text_rules.hpp"
#include "fuzz_check.hpp"
#include "ws/utf8_validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return 0;
  std::string_view value(reinterpret_cast<const char*>(data), size);
  http::Request request{http::Verb::delete_, "/api/servers/1/members/2/", 11};
  request.set("X-Audit-Log-Reason", value);
  auto read = api::read_audit_reason(request);
  FUZZ_CHECK(!(read.reason && read.error));
  if (read.error) FUZZ_CHECK(read.error->result() == http::Status::bad_request);
  if (read.reason) {
    FUZZ_CHECK(ws::Utf8Validator::is_valid(*read.reason));
    FUZZ_CHECK(chat::count_code_points(*read.reason) <= api::kMaxAuditReason);
    FUZZ_CHECK(!chat::is_blank(*read.reason));
    FUZZ_CHECK(read.reason->size() <= size);
  }
  // Beast keeps a header value as given; without '%' there is nothing to decode.
  std::string_view kept(request["X-Audit-Log-Reason"].data(), request["X-Audit-Log-Reason"].size());
  if (kept.find('%') == std::string_view::npos && ws::Utf8Validator::is_valid(kept) &&
      chat::count_code_points(kept) <= api::kMaxAuditReason && !chat::is_blank(kept)) {
    FUZZ_CHECK(read.reason && *read.reason == kept);
  }
  return 0;
}

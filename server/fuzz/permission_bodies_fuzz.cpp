// The JSON bodies of the role, overwrite and reorder routes (api/permission_bodies): whatever
// comes in, accepted bits are only listed bits, an overwrite never allows and denies one bit,
// names stay bounded, reorder ids are positive and distinct.
#include <boost/json/parse.hpp>
#include <cstdint>
#include <set>
#include <string_view>

#include "api/permission_bodies.hpp"
#include "chat/permissions.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec) return 0;
  std::optional<http::Response> error;
  if (auto positions = api::read_role_positions(value, error)) {
    std::set<model::Id> ids;
    for (const auto& p : *positions) {
      FUZZ_CHECK(p.id > 0);
      FUZZ_CHECK(ids.insert(p.id).second);
    }
  } else {
    FUZZ_CHECK(error.has_value());
  }
  if (!value.is_object()) return 0;
  const auto& body = value.get_object();
  {
    api::FieldReader fields(body);
    auto role = api::read_role_fields(body, fields);
    if (role.permissions) FUZZ_CHECK((*role.permissions & ~chat::perm::all) == 0);
    if (role.name) FUZZ_CHECK(!role.name->empty() && role.name->size() <= 4 * api::kMaxRoleName);
    if (role.color) FUZZ_CHECK(*role.color >= 0 && *role.color <= api::kMaxRoleColor);
  }
  {
    api::FieldReader fields(body);
    if (auto overwrite = api::read_overwrite_body(body, fields)) {
      FUZZ_CHECK(fields.ok());
      FUZZ_CHECK((overwrite->allow & overwrite->deny) == 0);
      FUZZ_CHECK(((overwrite->allow | overwrite->deny) & ~chat::perm::all) == 0);
    } else {
      FUZZ_CHECK(!fields.ok());
    }
  }
  return 0;
}

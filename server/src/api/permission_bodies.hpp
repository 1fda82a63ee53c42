// The JSON bodies of SPEC §10's role and overwrite routes, read strictly: permission bits as a
// decimal string (or a plain non-negative integer) of listed bits only, bounded names and
// colours, booleans that are booleans. Every problem is a DRF field error.
#pragma once
#include <boost/json/value.hpp>
#include <optional>
#include <vector>

#include "api/request_io.hpp"
#include "store/role_store.hpp"

namespace api {

constexpr std::size_t kMaxRoleName = 100;
constexpr std::int64_t kMaxRoleColor = 0xFFFFFF;

// name, color, permissions, hoist, mentionable: each optional.
store::RoleFields read_role_fields(const boost::json::object& body, FieldReader& fields);

struct OverwriteBody {
  bool member = false;
  std::uint64_t allow = 0;
  std::uint64_t deny = 0;
};
// {"type": "role"|"member", "allow"?, "deny"?}; allow and deny may not share a bit.
std::optional<OverwriteBody> read_overwrite_body(const boost::json::object& body,
                                                 FieldReader& fields);

struct RolePosition {
  model::Id id = 0;
  std::int64_t position = 0;
};
// [{"id", "position"}, ...] (1..100 entries, ids distinct); nullopt with the error set.
std::optional<std::vector<RolePosition>> read_role_positions(const boost::json::value& body,
                                                             std::optional<http::Response>& error);

// A permission field's value; nullopt (and an error recorded) when invalid.
std::optional<std::uint64_t> read_bits(const boost::json::object& body, std::string_view key,
                                       FieldReader& fields);

}  // namespace api

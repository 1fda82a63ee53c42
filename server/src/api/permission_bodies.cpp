#include "api/permission_bodies.hpp"

#include <boost/json/array.hpp>
#include <string>
#include <unordered_set>

#include "chat/permissions.hpp"

namespace api {
namespace {

constexpr const char* kBadBits = "Must be a decimal string of permission bits SPEC §10 lists.";

std::optional<bool> read_bool(const boost::json::object& body, std::string_view key,
                              FieldReader& fields) {
  auto found = body.find(key);
  if (found == body.end()) return std::nullopt;
  if (!found->value().is_bool()) {
    fields.add_error(key, "Must be a valid boolean.");
    return std::nullopt;
  }
  return found->value().as_bool();
}

}  // namespace

std::optional<std::uint64_t> read_bits(const boost::json::object& body, std::string_view key,
                                       FieldReader& fields) {
  auto found = body.find(key);
  if (found == body.end()) return std::nullopt;
  const auto& value = found->value();
  std::optional<std::uint64_t> bits;
  if (value.is_string()) {
    const auto& text = value.get_string();
    bits = chat::parse_permission_bits(std::string_view(text.data(), text.size()));
  } else if (value.is_int64() && value.get_int64() >= 0) {
    bits = chat::parse_permission_bits(std::to_string(value.get_int64()));
  } else if (value.is_uint64()) {
    bits = chat::parse_permission_bits(std::to_string(value.get_uint64()));
  }
  if (!bits) fields.add_error(key, kBadBits);
  return bits;
}

store::RoleFields read_role_fields(const boost::json::object& body, FieldReader& fields) {
  store::RoleFields role;
  role.name = fields.text("name", kMaxRoleName, false, false);
  role.color = fields.integer("color", 0, kMaxRoleColor, false);
  role.permissions = read_bits(body, "permissions", fields);
  role.hoist = read_bool(body, "hoist", fields);
  role.mentionable = read_bool(body, "mentionable", fields);
  return role;
}

std::optional<OverwriteBody> read_overwrite_body(const boost::json::object& body,
                                                 FieldReader& fields) {
  OverwriteBody overwrite;
  auto type = fields.text("type", 10, true, false);
  if (type && *type != "role" && *type != "member") {
    fields.add_error("type", "\"" + *type + "\" is not a valid choice.");
  }
  overwrite.member = type && *type == "member";
  overwrite.allow = read_bits(body, "allow", fields).value_or(0);
  overwrite.deny = read_bits(body, "deny", fields).value_or(0);
  if ((overwrite.allow & overwrite.deny) != 0) {
    fields.add_error("deny", "A bit cannot be both allowed and denied.");
  }
  if (!fields.ok()) return std::nullopt;
  return overwrite;
}

std::optional<std::vector<RolePosition>> read_role_positions(const boost::json::value& body,
                                                             std::optional<http::Response>& error) {
  auto fail = [&](std::string_view message) {
    error = field_error("non_field_errors", message);
    return std::nullopt;
  };
  if (!body.is_array()) return fail("Expected a list of {\"id\", \"position\"} items.");
  const auto& items = body.get_array();
  if (items.empty() || items.size() > 250) return fail("Expected 1 to 250 items.");
  std::vector<RolePosition> positions;
  std::unordered_set<model::Id> seen;
  for (const auto& item : items) {
    if (!item.is_object()) return fail("Expected a list of {\"id\", \"position\"} items.");
    const auto& object = item.get_object();
    auto id = object.find("id");
    auto position = object.find("position");
    if (id == object.end() || !id->value().is_int64() || id->value().get_int64() <= 0)
      return fail("Each item needs an integer \"id\".");
    if (position == object.end() || !position->value().is_int64())
      return fail("Each item needs an integer \"position\".");
    if (!seen.insert(id->value().get_int64()).second) return fail("A role is listed twice.");
    positions.push_back({id->value().get_int64(), position->value().get_int64()});
  }
  return positions;
}

}  // namespace api

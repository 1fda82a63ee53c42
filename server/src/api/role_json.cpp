#include "api/role_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <string>

namespace api {

boost::json::object role_json(const store::Role& role) {
  boost::json::object out;
  out["id"] = role.id;
  out["name"] = role.name;
  out["color"] = role.color;
  out["position"] = role.position;
  out["permissions"] = std::to_string(role.permissions);
  out["hoist"] = role.hoist;
  out["mentionable"] = role.mentionable;
  return out;
}

boost::json::value roles_json(const std::vector<store::Role>& roles) {
  boost::json::array out;
  for (const auto& role : roles) out.push_back(role_json(role));
  return out;
}

boost::json::object overwrite_json(const store::Overwrite& overwrite) {
  boost::json::object out;
  out["id"] = overwrite.target_id;
  out["type"] = overwrite.member ? "member" : "role";
  out["allow"] = std::to_string(overwrite.allow);
  out["deny"] = std::to_string(overwrite.deny);
  return out;
}

std::string role_frame(const char* type, model::Id server_id, const store::Role& role) {
  boost::json::object frame;
  frame["type"] = type;
  frame["server_id"] = server_id;
  frame["role"] = role_json(role);
  return boost::json::serialize(frame);
}

std::string role_delete_frame(model::Id server_id, model::Id role_id) {
  boost::json::object frame;
  frame["type"] = "role.delete";
  frame["server_id"] = server_id;
  frame["role_id"] = role_id;
  return boost::json::serialize(frame);
}

std::string member_update_frame(model::Id server_id, model::Id user_id,
                                const model::ServerPermissions& permissions) {
  boost::json::array roles;
  if (auto held = permissions.member_roles.find(user_id); held != permissions.member_roles.end())
    for (auto role_id : held->second) roles.push_back(role_id);
  boost::json::object frame;
  frame["type"] = "member.update";
  frame["server_id"] = server_id;
  frame["user_id"] = user_id;
  frame["roles"] = std::move(roles);
  return boost::json::serialize(frame);
}

}  // namespace api

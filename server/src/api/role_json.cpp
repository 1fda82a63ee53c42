#include "api/role_json.hpp"

#include <boost/json/array.hpp>
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

}  // namespace api

#include "api/community_json.hpp"

#include <boost/json/serialize.hpp>

namespace api {

boost::json::value media_url(const std::optional<std::string>& path) {
  if (!path || path->empty()) return nullptr;
  return boost::json::string("/media/" + *path);
}

boost::json::object category_json(const model::Category& category) {
  boost::json::object out;
  out["id"] = category.id;
  out["name"] = category.name;
  if (category.description) {
    out["description"] = *category.description;
  } else {
    out["description"] = nullptr;
  }
  out["icon"] = media_url(category.icon);
  return out;
}

boost::json::object channel_json(const model::Channel& channel) {
  boost::json::object out;
  out["id"] = channel.id;
  out["name"] = channel.name;
  out["topic"] = channel.topic;
  out["owner"] = channel.owner_id;
  out["server"] = channel.server_id;
  return out;
}

boost::json::object server_json(const model::Server& server) {
  boost::json::object out;
  out["id"] = server.id;
  if (server.num_members) out["num_members"] = *server.num_members;
  boost::json::array channels;
  channels.reserve(server.channels.size());
  for (const auto& channel : server.channels) channels.emplace_back(channel_json(channel));
  out["channel_server"] = std::move(channels);
  out["category"] = server.category_name;
  out["name"] = server.name;
  if (server.description) {
    out["description"] = *server.description;
  } else {
    out["description"] = nullptr;
  }
  out["banner"] = media_url(server.banner);
  out["icon"] = media_url(server.icon);
  out["owner"] = server.owner_id;
  out["visibility"] = server.is_private ? "private" : "public";
  return out;
}

}  // namespace api

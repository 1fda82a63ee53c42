// The JSON shapes of the communities API, keys in the original's order (DRF serializers):
// categories, servers (with channel_server) and channels (messages: codec/message_json).
#pragma once
#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "model/model.hpp"

namespace api {

// "/media/<path>" or null.
boost::json::value media_url(const std::optional<std::string>& path);

boost::json::object category_json(const model::Category& category);
boost::json::object channel_json(const model::Channel& channel);
// num_members only when the server carries it.
boost::json::object server_json(const model::Server& server);

}  // namespace api

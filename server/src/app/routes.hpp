// Registers every API route and the WebSocket endpoint on the router: the one place where
// the HTTP surface is put together.
#pragma once
#include <functional>
#include <memory>

#include "app/services.hpp"
#include "http/dispatcher.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace app {

// What the registered parts need from the server's life cycle.
struct RunningParts {
  http::UpgradeHandler upgrade;    // WebSocket handshakes
  std::function<void()> shutdown;  // called when shutdown begins (close sockets with 1001)
  std::vector<std::shared_ptr<void>> keep_alive;  // services that must outlive serving
};

RunningParts register_routes(http::Router& router, http::Dispatcher& dispatcher,
                             Services& services);

}  // namespace app

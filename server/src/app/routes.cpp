#include "app/routes.hpp"

#include "app/auth_routes.hpp"

namespace app {

RunningParts register_routes(http::Router& router, http::Dispatcher& dispatcher,
                             Services& services) {
  (void)router;
  (void)dispatcher;
  (void)services;
  RunningParts parts;
  // The WebSocket endpoint authenticates with dispatcher.authenticator() and closes a
  // session's sockets via auth->on_session_revoked(...).
  auto auth = register_auth(router, dispatcher, services);
  parts.keep_alive.push_back(auth);
  return parts;
}

}  // namespace app

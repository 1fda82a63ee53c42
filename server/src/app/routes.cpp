#include "app/routes.hpp"

#include <filesystem>
#include <thread>

#include "api/community_deps.hpp"
#include "api/openapi.hpp"
#include "app/auth_routes.hpp"
#include "chat/image_processing.hpp"

namespace app {

RunningParts register_routes(http::Router& router, http::Dispatcher& dispatcher,
                             Services& services) {
  RunningParts parts;
  // The WebSocket endpoint authenticates with dispatcher.authenticator() and closes a
  // session's sockets via auth->on_session_revoked(...).
  auto auth = register_auth(router, dispatcher, services);
  parts.keep_alive.push_back(auth);

  // Communities API (issue 4). Image decoding gets its own small pool so that uploads never
  // hold up database calls.
  chat::init_image_library();
  auto image_pool = std::make_shared<boost::asio::thread_pool>(
      std::max(1u, std::thread::hardware_concurrency() / 2));
  parts.keep_alive.push_back(image_pool);
  auto deps = std::make_shared<const api::CommunityDeps>(
      api::CommunityDeps{services.store, services.db_pool, *image_pool,
                         std::filesystem::path(services.config.data_dir) / "media"});
  api::register_category_routes(router, deps);
  api::register_server_routes(router, deps);
  api::register_channel_routes(router, deps);
  api::register_membership_routes(router, deps);
  api::register_message_routes(router, deps);
  api::register_media_routes(router, deps);
  api::register_openapi_routes(router, api::find_docs_root(services.config.docs_root),
                               services.db_pool);

  return parts;
}

}  // namespace app

// Builds the AuthService from the serve configuration, registers the account and
// authentication routes and installs the authenticator on the dispatcher.
#pragma once
#include <memory>

#include "app/services.hpp"
#include "auth/auth_service.hpp"
#include "http/dispatcher.hpp"
#include "http/router.hpp"

namespace app {

// Keep the returned service alive while serving (RunningParts::keep_alive). Blocking (reads
// or creates the signing key, loads revoked sessions): call before serving starts.
std::shared_ptr<auth::AuthService> register_auth(http::Router& router, http::Dispatcher& dispatcher,
                                                 Services& services);

}  // namespace app

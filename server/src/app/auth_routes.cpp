#include "app/auth_routes.hpp"

#include "api/account_api.hpp"
#include "api/auth_api.hpp"
#include "auth/secret_key.hpp"

namespace app {

std::shared_ptr<auth::AuthService> register_auth(http::Router& router, http::Dispatcher& dispatcher,
                                                 Services& services) {
  const auto& config = services.config;
  auth::AuthOptions options;
  options.secret_key = auth::load_or_create_secret_key(config.secret_key, config.data_dir);
  options.access_lifetime = config.access_token_lifetime;
  options.refresh_lifetime = config.refresh_token_lifetime;
  options.login_failures_per_minute = config.login_failures_per_minute;
  options.login_failures_per_address_per_minute = config.login_failures_per_address_per_minute;
  options.registrations_per_minute = config.register_per_minute;
  options.refresh_grace = config.refresh_reuse_grace;

  auto service = std::make_shared<auth::AuthService>(services.store, services.db_pool,
                                                     services.hash_pool, std::move(options));
  service->start();
  api::register_auth_routes(router, *service, dispatcher.origins(),
                            {.secure = config.secure_cookies});
  api::register_account_routes(router, services.store, services.db_pool);
  dispatcher.set_authenticator(api::make_authenticator(*service));
  return service;
}

}  // namespace app

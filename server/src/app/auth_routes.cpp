#include "app/auth_routes.hpp"

#include "api/account_api.hpp"
#include "api/auth_api.hpp"
#include "auth/secret_key.hpp"
#include "realtime/cluster_notices.hpp"

namespace app {
namespace {

using ThrottleEvent = auth::AuthService::ThrottleEvent;
using realtime::Notice;

Notice notice_of(ThrottleEvent event) {
  switch (event) {
    case ThrottleEvent::login_failure_by_name:
      return Notice::login_failure_by_name;
    case ThrottleEvent::login_failure_by_address:
      return Notice::login_failure_by_address;
    case ThrottleEvent::registration:
      break;
  }
  return Notice::registration;
}

// Failed logins and registrations count on every node (SPEC §14): each is told to the other
// nodes as the digest of its throttle key, and what they tell is charged here. On one node
// the relay is unset and tell_peers does nothing.
void share_throttles_across_nodes(const std::shared_ptr<auth::AuthService>& service) {
  service->on_throttle_event([](ThrottleEvent event, std::uint64_t digest) {
    realtime::ClusterNotices::tell_peers(notice_of(event), static_cast<std::int64_t>(digest));
  });
  for (auto event : {ThrottleEvent::login_failure_by_name, ThrottleEvent::login_failure_by_address,
                     ThrottleEvent::registration}) {
    realtime::ClusterNotices::on(
        notice_of(event),
        [event, weak = std::weak_ptr<auth::AuthService>(service)](std::int64_t digest) {
          if (auto alive = weak.lock()) alive->charge(event, static_cast<std::uint64_t>(digest));
        });
  }
}

}  // namespace

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
  share_throttles_across_nodes(service);
  api::register_auth_routes(router, *service, dispatcher.origins(),
                            {.secure = config.secure_cookies});
  api::register_account_routes(router, services.store, services.db_pool);
  dispatcher.set_authenticator(api::make_authenticator(*service));
  return service;
}

}  // namespace app

#include "api/auth_api.hpp"

#include <boost/json/value.hpp>

#include "api/form_fields.hpp"
#include "auth/password.hpp"
#include "chat/username.hpp"
#include "http/cookies.hpp"
#include "http/response.hpp"

namespace api {
namespace {

constexpr std::size_t kAuthBodyLimit = 16 * 1024;
constexpr std::string_view kAccessCookie = "access_token";
constexpr std::string_view kRefreshCookie = "refresh_token";
constexpr std::string_view kAccessPath = "/";
constexpr std::string_view kRefreshPath = "/api/";

using http::Response;
using http::Status;

struct Cookies {
  const auth::AuthService& service;
  AuthCookieOptions options;

  void set(Response& response, const auth::IssuedTokens& tokens) const {
    auto& o = service.options();
    response.insert(
        http::bhttp::field::set_cookie,
        http::set_cookie_header(
            kAccessCookie, tokens.access,
            {.path = kAccessPath, .max_age = o.access_lifetime, .secure = options.secure}));
    response.insert(
        http::bhttp::field::set_cookie,
        http::set_cookie_header(
            kRefreshCookie, tokens.refresh,
            {.path = kRefreshPath, .max_age = o.refresh_lifetime, .secure = options.secure}));
  }

  void clear(Response& response) const {
    response.insert(
        http::bhttp::field::set_cookie,
        http::set_cookie_header(kAccessCookie, "",
                                {.path = kAccessPath, .max_age = 0, .secure = options.secure}));
    response.insert(
        http::bhttp::field::set_cookie,
        http::set_cookie_header(kRefreshCookie, "",
                                {.path = kRefreshPath, .max_age = 0, .secure = options.secure}));
  }
};

Response throttled(std::int64_t seconds) {
  auto response = http::error_response(
      Status::too_many_requests,
      "Request was throttled. Expected available in " + std::to_string(seconds) + " seconds.");
  response.set(http::bhttp::field::retry_after, std::to_string(seconds));
  return response;
}

Response busy() {
  auto response = http::error_response(Status::service_unavailable,
                                       "The server is busy. Try again in a moment.");
  response.set(http::bhttp::field::retry_after, "1");
  return response;
}

Response cross_site_refused() {
  return http::error_response(Status::forbidden, "Cross-site request refused.");
}

Response token_invalid(std::string_view detail) {
  return http::json_response(Status::unauthorized,
                             boost::json::value{{"detail", detail}, {"code", "token_not_valid"}});
}

// The username and password fields, or the 400 with every field error.
struct Credentials {
  std::string username;
  std::string password;
};

std::variant<Credentials, Response> read_credentials(const http::Request& request,
                                                     bool registering) {
  auto parsed = read_fields(request);
  if (auto* error = std::get_if<Response>(&parsed)) return std::move(*error);
  auto& fields = std::get<boost::json::object>(parsed);
  auto username = string_field(fields, "username", true);
  auto password = string_field(fields, "password", false);
  boost::json::object errors;
  if (!username.value) {
    errors["username"] = {username.error};
  } else if (registering) {
    if (auto problem = chat::username_error(*username.value); !problem.empty()) {
      errors["username"] = {problem};
    }
  }
  if (!password.value) {
    errors["password"] = {password.error};
  } else if (auto problem = auth::password_error(*password.value); !problem.empty()) {
    // Logging in checks only the upper bound (it bounds the hashing cost): passwords set
    // before the lower bound existed (imported accounts) must still work.
    bool too_long = problem.find("no more than") != std::string::npos;
    if (registering || too_long) errors["password"] = {problem};
  }
  if (!errors.empty()) return http::json_response(Status::bad_request, errors);
  return Credentials{std::move(*username.value), std::move(*password.value)};
}

std::string cookie_or_empty(const http::Request& request, std::string_view name) {
  auto value = http::find_cookie(request, name);
  return value ? std::string(*value) : std::string();
}

}  // namespace

http::Authenticator make_authenticator(auth::AuthService& service) {
  return [&service](const http::Request& request) -> http::Task<http::AuthOutcome> {
    auto token = http::bearer_token(request);
    if (!token) token = http::find_cookie(request, kAccessCookie);
    http::AuthOutcome outcome;
    if (!token || token->empty()) co_return outcome;  // anonymous
    if (auto identity = service.verify_access(*token)) {
      outcome.kind = http::AuthOutcome::Kind::authenticated;
      outcome.principal = http::Principal{identity->user_id, identity->session_id};
    } else {
      outcome.kind = http::AuthOutcome::Kind::invalid;
    }
    co_return outcome;
  };
}

void register_auth_routes(http::Router& router, auth::AuthService& service,
                          const http::OriginPolicy& origins, AuthCookieOptions cookie_options) {
  Cookies cookies{service, cookie_options};
  http::RouteOptions options{.auth = http::AuthPolicy::ignore, .body_limit = kAuthBodyLimit};

  router.add(
      http::Verb::post, "/api/token/",
      [&service, &origins, cookies](http::RequestContext& ctx) -> http::Task<Response> {
        if (origins.is_foreign(ctx.request)) co_return cross_site_refused();
        auto read = read_credentials(ctx.request, false);
        if (auto* error = std::get_if<Response>(&read)) co_return std::move(*error);
        auto& credentials = std::get<Credentials>(read);
        auto result =
            co_await service.login(credentials.username, credentials.password, ctx.client_address);
        switch (result.kind) {
          case auth::LoginResult::Kind::throttled:
            co_return throttled(result.retry_after);
          case auth::LoginResult::Kind::busy:
            co_return busy();
          case auth::LoginResult::Kind::bad_credentials:
            co_return http::error_response(Status::unauthorized,
                                           "No active account found with the given credentials");
          case auth::LoginResult::Kind::ok:
            break;
        }
        auto response = http::json_response(
            Status::ok, boost::json::value{{"user_id", result.account.id},
                                           {"username", result.account.username}});
        cookies.set(response, result.tokens);
        response.set(http::bhttp::field::cache_control, "no-store");
        co_return response;
      },
      options);

  router.add(
      http::Verb::post, "/api/token/refresh/",
      [&service, cookies](http::RequestContext& ctx) -> http::Task<Response> {
        auto token = cookie_or_empty(ctx.request, kRefreshCookie);
        if (token.empty()) co_return token_invalid("No valid refresh token found");
        auto result = co_await service.refresh(token);
        if (!result.ok) co_return token_invalid("Token is invalid or expired");
        auto response = http::json_response(Status::ok, std::string("{}"));
        cookies.set(response, result.tokens);
        response.set(http::bhttp::field::cache_control, "no-store");
        co_return response;
      },
      options);

  router.add(
      http::Verb::post, "/api/logout/",
      [&service, cookies](http::RequestContext& ctx) -> http::Task<Response> {
        auto refresh = cookie_or_empty(ctx.request, kRefreshCookie);
        std::string access;
        if (auto bearer = http::bearer_token(ctx.request)) {
          access = std::string(*bearer);
        } else {
          access = cookie_or_empty(ctx.request, kAccessCookie);
        }
        co_await service.logout(refresh, access);
        auto response =
            http::json_response(Status::ok, std::string(R"("Logged out successfully")"));
        cookies.clear(response);
        co_return response;
      },
      options);

  router.add(
      http::Verb::post, "/api/register/",
      [&service, &origins](http::RequestContext& ctx) -> http::Task<Response> {
        if (origins.is_foreign(ctx.request)) co_return cross_site_refused();
        if (auto wait = service.take_registration(ctx.client_address); wait > 0) {
          co_return throttled(wait);
        }
        auto read = read_credentials(ctx.request, true);
        if (auto* error = std::get_if<Response>(&read)) co_return std::move(*error);
        auto& credentials = std::get<Credentials>(read);
        auto result = co_await service.register_account(credentials.username, credentials.password);
        switch (result.kind) {
          case auth::RegisterResult::Kind::reserved:
            co_return http::json_response(Status::conflict,
                                          boost::json::value{{"error", "Username not allowed"}});
          case auth::RegisterResult::Kind::exists:
            co_return http::json_response(Status::conflict,
                                          boost::json::value{{"error", "Username already exists"}});
          case auth::RegisterResult::Kind::busy:
            co_return busy();
          case auth::RegisterResult::Kind::created:
            break;
        }
        co_return http::json_response(Status::created,
                                      boost::json::value{{"username", result.username}});
      },
      options);
}

}  // namespace api

// POST /api/token/, /api/token/refresh/, /api/logout/, /api/register/ (SPEC §1) and the
// request Authenticator (access_token cookie or Authorization: Bearer).
#pragma once
#include "auth/auth_service.hpp"
#include "http/dispatcher.hpp"
#include "http/router.hpp"

namespace api {

struct AuthCookieOptions {
  bool secure = false;  // --secure-cookies
};

// Login and registration are also refused (403) from a foreign Origin even without cookies:
// a cross-site form must not log a browser in to someone else's account (login CSRF).
void register_auth_routes(http::Router& router, auth::AuthService& service,
                          const http::OriginPolicy& origins, AuthCookieOptions cookies);

// Bearer header first, else the access_token cookie. No token: anonymous; a token that fails
// any check: invalid (the dispatcher answers 401 token_not_valid where the route looks).
http::Authenticator make_authenticator(auth::AuthService& service);

}  // namespace api

// Turns one request into one response: cross-site checks, CORS, routing, authentication
// per route policy, static files and media, and DRF-shaped errors.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/origin_policy.hpp"
#include "http/request_context.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace http {

struct AuthOutcome {
  enum class Kind { anonymous, authenticated, invalid };
  Kind kind = Kind::anonymous;
  Principal principal;
};

// Reads the access token (cookie or Bearer header) of a request.
using Authenticator = std::function<Task<AuthOutcome>(const Request&)>;

class Dispatcher {
 public:
  Dispatcher(Router& router, OriginPolicy origins);

  void set_authenticator(Authenticator authenticator) { authenticate_ = std::move(authenticator); }
  void set_web_root(std::shared_ptr<StaticFiles> files) { web_ = std::move(files); }
  void set_media(std::shared_ptr<StaticFiles> files) { media_ = std::move(files); }

  // The route of a request, found once from its header (a lookup allocates its parameters):
  // the body it accepts and how that is spooled are read from it before the body is, and
  // dispatch() answers with the same match.
  Router::Match match(Verb verb, std::string_view target) const;
  static std::size_t body_limit(const Router::Match& match);
  // How the body of this request is spooled to disk; nullopt: read into memory.
  static std::optional<SpoolOptions> spool_options(const Router::Match& match);

  // match: this->match() of the request's method and target. spool: the body of a spooling
  // route, as received (request's own body is empty then).
  Task<Response> dispatch(Request& request, const std::string& client_address,
                          std::shared_ptr<MultipartSpool> spool, Router::Match match);

  // Counts every request in metrics::Registry from now on (route labels from the router as
  // it is now: call after every route is added).
  void enable_metrics();

  const OriginPolicy& origins() const { return origins_; }
  const Authenticator& authenticator() const { return authenticate_; }

 private:
  // label: the metrics route label of what answered.
  Task<Response> route(Request& request, std::string_view path, boost::urls::params_view query,
                       const std::string& client_address, std::size_t& label,
                       std::shared_ptr<MultipartSpool> spool, Router::Match match);

  Router& router_;
  OriginPolicy origins_;
  Authenticator authenticate_;
  std::shared_ptr<StaticFiles> web_;
  std::shared_ptr<StaticFiles> media_;
  std::vector<std::size_t> route_labels_;  // by index in router_.routes(); empty: no metrics
};

// The 401 bodies of SPEC §1.
Response token_not_valid();
Response credentials_not_provided();

}  // namespace http

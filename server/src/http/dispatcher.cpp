#include "http/dispatcher.hpp"

#include <boost/url/parse.hpp>

#include "http/response.hpp"
#include "metrics/metrics.hpp"
#include "metrics/registry.hpp"
#include "util/log.hpp"
#include "util/service_unavailable.hpp"

namespace http {
namespace {

// Splits an origin-form target into path and query without decoding.
std::pair<std::string_view, std::string_view> split_target(std::string_view target) {
  auto question = target.find('?');
  if (question == std::string_view::npos) return {target, {}};
  return {target.substr(0, question), target.substr(question + 1)};
}

// What a 429 throttled, for parley_throttled_total{what}.
metrics::Throttle throttle_of(std::string_view target) {
  if (target.starts_with("/api/token/")) return metrics::Throttle::login;
  if (target.starts_with("/api/register/")) return metrics::Throttle::register_;
  return metrics::Throttle::other;
}

void add_security_headers(Response& response) {
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "same-origin");
  response.set("X-Frame-Options", "DENY");
}

}  // namespace

Response token_not_valid() {
  return json_response(Status::unauthorized,
                       boost::json::value{{"detail", "Given token not valid for any token type"},
                                          {"code", "token_not_valid"}});
}

Response credentials_not_provided() {
  return error_response(Status::unauthorized, "Authentication credentials were not provided.");
}

Dispatcher::Dispatcher(Router& router, OriginPolicy origins)
    : router_(router), origins_(std::move(origins)) {}

Router::Match Dispatcher::match(Verb verb, std::string_view target) const {
  return router_.match(verb, split_target(target).first);
}

std::size_t Dispatcher::body_limit(const Router::Match& match) {
  return match.route ? match.route->options.body_limit : kDefaultBodyLimit;
}

std::optional<SpoolOptions> Dispatcher::spool_options(const Router::Match& match) {
  return match.route ? match.route->options.spool : std::nullopt;
}

void Dispatcher::enable_metrics() {
  std::vector<std::string> patterns;
  for (const auto& route : router_.routes()) patterns.push_back(route.pattern);
  route_labels_ = metrics::Registry::instance().set_routes(patterns);
}

Task<Response> Dispatcher::dispatch(Request& request, const std::string& client_address,
                                    std::shared_ptr<MultipartSpool> spool, Router::Match match) {
  auto started = std::chrono::steady_clock::now();
  std::string_view target = request.target();
  Response response;
  std::size_t label = metrics::kRouteRejected;
  std::optional<boost::urls::url_view> parsed;  // parsed once: the handler's query comes from it
  if (!target.empty() && target.front() == '/') {
    if (auto result = boost::urls::parse_origin_form(target)) parsed = *result;
  }
  if (!parsed) {
    response = error_response(Status::bad_request, "Malformed request target.");
  } else {
    response = co_await route(request, split_target(target).first, parsed->params(), client_address,
                              label, std::move(spool), std::move(match));
  }
  if (!route_labels_.empty()) {
    auto status = response.result_int();
    metrics::http_request(label, status, std::chrono::steady_clock::now() - started);
    if (status == 429) metrics::throttled(throttle_of(target));
  }
  origins_.add_cors_headers(request, response);
  add_security_headers(response);
  if (response.result() == Status::unauthorized) {
    response.set(bhttp::field::www_authenticate, R"(Bearer realm="api")");
  }
  co_return response;
}

Task<Response> Dispatcher::route(Request& request, std::string_view path,
                                 boost::urls::params_view query, const std::string& client_address,
                                 std::size_t& label, std::shared_ptr<MultipartSpool> spool,
                                 Router::Match match) {
  auto verb = request.method();
  label = metrics::kRouteUnmatched;
  if (match.route && !route_labels_.empty()) {
    label = route_labels_[static_cast<std::size_t>(match.route - router_.routes().data())];
  }

  if (verb == Verb::options && request.count(bhttp::field::access_control_request_method)) {
    label = metrics::kRoutePreflight;
    auto allowed = match.allowed;
    if (allowed.empty()) allowed = {Verb::get, Verb::head};
    co_return origins_.preflight(request, allowed);
  }
  if (origins_.refuses(request)) {
    co_return error_response(Status::forbidden, "Cross-site request refused.");
  }

  if (match.route) {
    RequestContext ctx{request,        path,         query,           std::move(match.params),
                       client_address, std::nullopt, std::move(spool)};
    const auto& options = match.route->options;
    if (options.auth != AuthPolicy::ignore && authenticate_) {
      auto outcome = co_await authenticate_(request);
      if (outcome.kind == AuthOutcome::Kind::invalid) co_return token_not_valid();
      if (outcome.kind == AuthOutcome::Kind::authenticated) ctx.principal = outcome.principal;
    }
    if (options.auth == AuthPolicy::required && !ctx.principal) {
      co_return credentials_not_provided();
    }
    try {
      co_return co_await match.route->handler(ctx);
    } catch (const util::ServiceUnavailable& e) {
      util::LogEvent("http.database_unavailable").add("path", path).add("error", e.what()).warn();
      auto response = error_response(Status::service_unavailable, kServiceUnavailable);
      response.set(bhttp::field::retry_after, "1");
      co_return response;
    } catch (const std::exception& e) {
      util::LogEvent("http.handler_failed").add("path", path).add("error", e.what()).error();
      co_return error_response(Status::internal_server_error, "A server error occurred.");
    }
  }
  if (match.other_method) {
    auto response = method_not_allowed(verb);
    std::string allow;
    for (auto v : match.allowed) {
      if (!allow.empty()) allow += ", ";
      allow += std::string_view(bhttp::to_string(v));
    }
    response.set(bhttp::field::allow, allow);
    co_return response;
  }

  bool readable = verb == Verb::get || verb == Verb::head;
  // Metrics have a port of their own (--metrics-listen); never the web client's fallback here.
  if (path == "/metrics") co_return not_found();
  if (path.starts_with("/media/")) {
    label = metrics::kRouteMedia;
    if (!media_) co_return not_found();
    if (!readable) co_return method_not_allowed(verb);
    co_return co_await media_->serve(request, path.substr(7));
  }
  if (path.starts_with("/api/") || path == "/api") co_return not_found();
  if (web_ && readable) {
    label = metrics::kRouteWeb;
    co_return co_await web_->serve(request, path.substr(1));
  }
  co_return not_found();
}

}  // namespace http

#include "api/account_api.hpp"

#include <boost/json/value.hpp>
#include <charconv>

#include "http/response.hpp"
#include "util/offload.hpp"
#include "util/time.hpp"

namespace api {
namespace {

using http::Response;
using http::Status;

// DRF's IntegerField: optional surrounding whitespace and sign, decimal digits only.
std::optional<std::int64_t> parse_integer(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

void register_account_routes(http::Router& router, store::Store& store,
                             boost::asio::thread_pool& db_pool) {
  http::RouteOptions options{.auth = http::AuthPolicy::required};

  router.add(
      http::Verb::get, "/api/account/",
      [&store, &db_pool](http::RequestContext& ctx) -> http::Task<Response> {
        auto text = ctx.query_value("user_id");
        auto user_id = text ? parse_integer(*text) : std::nullopt;
        if (!user_id) {
          co_return http::json_response(
              Status::bad_request,
              boost::json::value{{"user_id", {"A valid integer is required."}}});
        }
        auto id = *user_id;
        auto account =
            co_await util::offload(db_pool, [&store, id] { return store.find_account(id); });
        if (!account) co_return http::not_found();
        co_return http::json_response(Status::ok,
                                      boost::json::value{{"username", account->username}});
      },
      options);

  router.add(
      http::Verb::get, "/api/account/me/",
      [&store, &db_pool](http::RequestContext& ctx) -> http::Task<Response> {
        auto id = ctx.principal->user_id;
        auto account =
            co_await util::offload(db_pool, [&store, id] { return store.find_account(id); });
        if (!account) {
          // The token is sound but its account is gone (deleted since login).
          co_return http::json_response(
              Status::unauthorized,
              boost::json::value{{"detail", "User not found"}, {"code", "user_not_found"}});
        }
        co_return http::json_response(
            Status::ok,
            boost::json::value{{"id", account->id},
                               {"username", account->username},
                               {"date_joined", util::iso8601_micros(account->date_joined)},
                               {"is_staff", account->is_staff}});
      },
      options);
}

}  // namespace api

#include "api/account_api.hpp"

#include <boost/json/value.hpp>
#include <charconv>

#include "api/request_io.hpp"
#include "chat/dm_rules.hpp"
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

// GET /api/account/me/: the account and its DM setting (SPEC §9).
http::Task<Response> account_me(store::Store& store, boost::asio::thread_pool& db_pool,
                                std::int64_t id, std::optional<model::DmPolicy> new_policy) {
  struct Me {
    std::optional<model::Account> account;
    model::DmPolicy policy = model::DmPolicy::shared_servers;
  };
  auto me = co_await util::offload(db_pool, [&store, id, new_policy] {
    Me found;
    found.account = store.find_account(id);
    if (!found.account) return found;
    if (new_policy) store.set_dm_policy(id, *new_policy);
    found.policy = store.dm_policy(id);
    return found;
  });
  if (!me.account) {
    // The token is sound but its account is gone (deleted since login).
    co_return http::json_response(
        Status::unauthorized,
        boost::json::value{{"detail", "User not found"}, {"code", "user_not_found"}});
  }
  const auto& account = *me.account;
  co_return http::json_response(
      Status::ok, boost::json::value{{"id", account.id},
                                     {"username", account.username},
                                     {"date_joined", util::iso8601_micros(account.date_joined)},
                                     {"is_staff", account.is_staff},
                                     {"dm_policy", chat::policy_name(me.policy)}});
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
        co_return co_await account_me(store, db_pool, ctx.principal->user_id, std::nullopt);
      },
      options);

  router.add(
      http::Verb::patch, "/api/account/me/",
      [&store, &db_pool](http::RequestContext& ctx) -> http::Task<Response> {
        auto body = read_json_object(ctx.request);
        if (body.error) co_return std::move(*body.error);
        std::optional<model::DmPolicy> policy;
        if (auto* value = body.object.if_contains("dm_policy")) {
          if (value->is_string()) policy = chat::parse_policy(value->as_string());
          if (!policy) {
            co_return field_error("dm_policy",
                                  "Must be one of \"everyone\", \"shared_servers\", \"nobody\".");
          }
        }
        co_return co_await account_me(store, db_pool, ctx.principal->user_id, policy);
      },
      options);
}

}  // namespace api

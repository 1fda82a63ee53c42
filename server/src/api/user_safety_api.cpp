// Blocking users and finding users to start a DM with (SPEC §9).
#include "api/dm_deps.hpp"
#include "api/request_io.hpp"
#include "chat/username.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

using http::Status;

constexpr int kSearchResults = 20;
// GET /api/users/@me/blocks/ lists at most this many (ascending id).
constexpr int kMaxBlocksListed = 1000;

http::Task<http::Response> handle_blocks(const DmDeps& deps, http::RequestContext& ctx) {
  auto caller = ctx.principal->user_id;
  auto users = co_await util::offload(
      deps.db_pool, [&] { return deps.store.blocked_users(caller, kMaxBlocksListed); });
  boost::json::array out;
  for (const auto& user : users) out.push_back({{"id", user.id}, {"username", user.username}});
  co_return http::json_response(Status::ok, boost::json::value(std::move(out)));
}

http::Task<http::Response> handle_block(const DmDeps& deps, http::RequestContext& ctx, bool block) {
  auto target = parse_id(ctx.param("user_id"));
  if (!target) co_return http::not_found();
  auto caller = ctx.principal->user_id;
  auto id = *target;
  if (id == caller) {
    co_return http::error_response(Status::bad_request, "You cannot block yourself.");
  }
  bool exists = co_await util::offload(deps.db_pool, [&] {
    auto account = deps.store.find_account(id);
    if (!account) return false;
    if (block) {
      deps.store.block_user(caller, id);
    } else {
      deps.store.unblock_user(caller, id);
    }
    return true;
  });
  if (!exists) co_return http::not_found();
  deps.events.blocks_changed();
  co_return http::empty_response(Status::no_content);
}

http::Task<http::Response> handle_search(const DmDeps& deps, http::RequestContext& ctx) {
  auto q = ctx.query_value("q");
  std::string text = q ? std::string(*q) : std::string();
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.empty()) co_return field_error("q", "This field is required.");
  std::size_t characters = 0;
  for (unsigned char c : text) characters += (c & 0xC0) != 0x80;
  if (characters > chat::kMaxUsernameLength) {
    co_return field_error("q", "Ensure this field has no more than 150 characters.");
  }
  auto key = chat::username_key(text);
  auto caller = ctx.principal->user_id;
  auto users = co_await util::offload(
      deps.db_pool, [&] { return deps.store.search_users(caller, key, kSearchResults); });
  boost::json::array out;
  for (const auto& user : users) out.push_back({{"id", user.id}, {"username", user.username}});
  co_return http::json_response(Status::ok, boost::json::value(std::move(out)));
}

}  // namespace

void register_user_safety_routes(http::Router& router, DmDepsPtr deps) {
  using http::Verb;
  const http::RouteOptions auth{.auth = http::AuthPolicy::required};
  router.add(
      Verb::put, "/api/users/@me/blocks/{user_id:int}/",
      [deps](http::RequestContext& ctx) { return handle_block(*deps, ctx, true); }, auth);
  router.add(
      Verb::delete_, "/api/users/@me/blocks/{user_id:int}/",
      [deps](http::RequestContext& ctx) { return handle_block(*deps, ctx, false); }, auth);
  router.add(
      Verb::get, "/api/users/@me/blocks/",
      [deps](http::RequestContext& ctx) { return handle_blocks(*deps, ctx); }, auth);
  router.add(
      Verb::get, "/api/users/search/",
      [deps](http::RequestContext& ctx) { return handle_search(*deps, ctx); }, auth);
}

}  // namespace api

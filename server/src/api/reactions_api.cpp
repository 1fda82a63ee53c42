// Reactions (SPEC §7): add and remove mine (idempotent), and who reacted with an emoji.
#include <boost/url/decode_view.hpp>
#include <boost/url/pct_string_view.hpp>

#include "api/channel_change.hpp"
#include "api/history.hpp"
#include "api/request_io.hpp"
#include "chat/emoji.hpp"
#include "codec/json_text.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

constexpr std::int64_t kDefaultReactors = 100;
constexpr std::int64_t kMaxReactors = 100;

// The {emoji} segment, percent-decoded; nullopt when its escapes are malformed.
std::optional<std::string> emoji_param(http::RequestContext& ctx) {
  auto raw = ctx.param("emoji");
  auto encoded = boost::urls::make_pct_string_view(raw);
  if (!encoded) return std::nullopt;
  std::string decoded;
  decoded.reserve(encoded->decoded_size());
  for (char c : **encoded) decoded.push_back(c);
  return decoded;
}

http::Task<http::Response> handle_react(const MessageDeps& deps, http::RequestContext& ctx,
                                        bool add) {
  ChannelCaller caller;
  if (auto refusal = co_await find_channel_caller(deps, ctx, caller)) co_return std::move(*refusal);
  auto message_id = parse_id(ctx.param("message_id"));
  if (!message_id) co_return http::not_found();
  auto emoji = emoji_param(ctx);
  if (!emoji || !chat::is_single_emoji(*emoji))
    co_return refusal_response(chat::PostError::bad_emoji, "");
  auto channel_id = caller.channel_id;
  auto& chat = deps.chat;
  auto& actor = caller.actor;
  auto id = *message_id;
  auto& text = *emoji;
  auto submit = [&](chat::ChatService::Done done) {
    return chat.react(actor, channel_id, id, std::move(text), add, std::move(done));
  };
  auto [refused, result] = co_await await_change(submit);
  if (refused != chat::PostError::none) co_return refusal_response(refused, "");
  if (result.status != store::OpStatus::applied && result.status != store::OpStatus::unchanged) {
    co_return op_failure_response(result.status);
  }
  co_return http::empty_response(http::Status::no_content);
}

http::Task<http::Response> handle_reactors(const MessageDeps& deps, http::RequestContext& ctx) {
  ChannelCaller caller;
  if (auto refusal = co_await find_channel_caller(deps, ctx, caller)) co_return std::move(*refusal);
  auto message_id = parse_id(ctx.param("message_id"));
  if (!message_id) co_return http::not_found();
  auto emoji = emoji_param(ctx);
  if (!emoji || !chat::is_single_emoji(*emoji))
    co_return refusal_response(chat::PostError::bad_emoji, "");
  std::optional<http::Response> error;
  auto after = id_param(ctx, "after", error);
  auto limit = id_param(ctx, "limit", error);
  if (error) co_return std::move(*error);
  if (limit && *limit < 1) {
    co_return field_error("limit", "Ensure this value is greater than or equal to 1.");
  }
  auto channel_id = caller.channel_id;
  auto id = *message_id;
  auto& text = *emoji;
  int count = static_cast<int>(std::min(limit.value_or(kDefaultReactors), kMaxReactors));
  struct Found {
    bool message = false;
    std::vector<store::Reactor> reactors;
  };
  auto found = co_await util::offload(deps.db_pool, [&] {
    Found out;
    out.message = deps.store.find_message(channel_id, id, 0).has_value();
    if (out.message)
      out.reactors = deps.store.reactors(channel_id, id, text, after.value_or(0), count);
    return out;
  });
  if (!found.message) co_return http::not_found();
  std::string body = "[";
  for (std::size_t i = 0; i < found.reactors.size(); ++i) {
    if (i) body += ',';
    body += R"({"id":)";
    codec::append_int(body, found.reactors[i].id);
    body += R"(,"username":)";
    codec::append_json_string(body, found.reactors[i].username);
    body += '}';
  }
  body += ']';
  co_return http::json_response(http::Status::ok, std::move(body));
}

}  // namespace

void register_reaction_routes(http::Router& router, MessageDepsPtr deps) {
  using http::Verb;
  const http::RouteOptions auth{.auth = http::AuthPolicy::required};
  const std::string mine =
      "/api/channels/{id:int}/messages/{message_id:int}/reactions/{emoji}/@me/";
  router.add(
      Verb::put, mine, [deps](http::RequestContext& ctx) { return handle_react(*deps, ctx, true); },
      auth);
  router.add(
      Verb::delete_, mine,
      [deps](http::RequestContext& ctx) { return handle_react(*deps, ctx, false); }, auth);
  router.add(
      Verb::get, "/api/channels/{id:int}/messages/{message_id:int}/reactions/{emoji}/",
      [deps](http::RequestContext& ctx) { return handle_reactors(*deps, ctx); }, auth);
}

}  // namespace api

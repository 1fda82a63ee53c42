// Acks move a user's read mark in a channel and tell every gateway of the user (SPEC §8); the
// listing gives every read state with its mention count.
#include "api/read_states_api.hpp"
#include "chat/channel_access.hpp"

#include "api/channel_change.hpp"
#include "api/request_io.hpp"
#include "chat/permissions.hpp"
#include "codec/read_state_json.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

struct AckRequest {
  std::int64_t message_id = 0;
  bool manual = false;
};

// {"message_id": id (a number or a string of digits), "manual"?: bool}; the 400 otherwise.
std::optional<http::Response> read_ack_body(const http::Request& request, AckRequest& out) {
  auto body = read_json_object(request);
  if (body.error) return std::move(*body.error);
  FieldReader fields(body.object);
  std::optional<std::int64_t> message_id;
  if (auto* value = body.object.if_contains("message_id"); value && value->is_string()) {
    message_id = parse_id(value->as_string());
    if (!message_id || *message_id < 1)
      fields.add_error("message_id", "A valid integer is required.");
  } else {
    message_id = fields.integer("message_id", 1, INT64_MAX, true);
  }
  if (auto* value = body.object.if_contains("manual"); value && !value->is_null()) {
    if (value->is_bool()) {
      out.manual = value->as_bool();
    } else {
      fields.add_error("manual", "Must be a valid boolean.");
    }
  }
  if (!fields.ok()) return fields.error_response();
  out.message_id = *message_id;
  return std::nullopt;
}

http::Task<http::Response> handle_ack(const ReadStateDeps& deps, http::RequestContext& ctx) {
  auto channel_id = parse_id(ctx.param("id"));
  if (!channel_id) co_return http::not_found();
  AckRequest request;
  if (auto error = read_ack_body(ctx.request, request)) co_return std::move(*error);
  auto user_id = ctx.principal->user_id;
  if (!deps.ack_rate.try_acquire(user_id)) {
    co_return refusal_response(chat::PostError::rate_limited, "");
  }
  auto channel = *channel_id;
  // The reader's access and the ack in one trip to the ack worker: the ack is the hot path.
  auto result = co_await util::offload_coalesced(deps.ack_worker, [&] {
    store::AckResult out;
    auto access = chat::resolve_channel_access(deps.store, channel, user_id);
    if (!chat::has(access.permissions, chat::perm::view_channel)) return out;
    return deps.store.ack(user_id, channel, request.message_id, request.manual);
  });
  switch (result.status) {
    case store::AckStatus::no_channel:
      co_return http::not_found();  // a channel the caller may not read is "not found" too
    case store::AckStatus::no_message:
      co_return field_error("message_id", "Must name a message of this channel.");
    case store::AckStatus::moved: {
      realtime::Delivery delivery;
      delivery.topic = realtime::user_topic(user_id);
      delivery.parley = realtime::text_frame(codec::read_ack_frame(result.state));
      deps.bus.publish(delivery);
      break;
    }
    case store::AckStatus::unchanged:
      break;
  }
  co_return http::empty_response(http::Status::no_content);
}

http::Task<http::Response> handle_list(const ReadStateDeps& deps, http::RequestContext& ctx) {
  auto user_id = ctx.principal->user_id;
  auto states =
      co_await util::offload(deps.db_pool, [&] { return deps.store.read_states(user_id); });
  std::string body;
  body.reserve(2 + states.size() * 64);
  codec::append_read_states(body, states);
  co_return http::json_response(http::Status::ok, std::move(body));
}

}  // namespace

void register_read_state_routes(http::Router& router, std::shared_ptr<const ReadStateDeps> deps) {
  router.add(http::Verb::post, "/api/channels/{id:int}/ack/",
             [deps](http::RequestContext& ctx) { return handle_ack(*deps, ctx); },
             {.auth = http::AuthPolicy::required});
  router.add(http::Verb::get, "/api/users/@me/read-states/",
             [deps](http::RequestContext& ctx) { return handle_list(*deps, ctx); },
             {.auth = http::AuthPolicy::required});
}

}  // namespace api

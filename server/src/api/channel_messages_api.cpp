// A channel's messages (SPEC §7): history, send, edit and delete.
#include <boost/json/serialize.hpp>

#include "api/attachment_ids.hpp"
#include "api/audit.hpp"
#include "api/channel_change.hpp"
#include "api/history.hpp"
#include "api/request_io.hpp"
#include "chat/permissions.hpp"
#include "codec/message_json.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

http::Response message_response(http::Status status, const model::Message& message) {
  std::string body;
  codec::append_message_json(body, message);
  return http::json_response(status, std::move(body));
}

// The message as the caller sees it now (its reactions' "me" flags are theirs).
http::Task<http::Response> fresh_message(const MessageDeps& deps, http::Status status,
                                         const model::Message& written, std::int64_t reader_id) {
  auto channel_id = written.channel_id;
  auto message_id = written.id;
  auto message = co_await util::offload(
      deps.db_pool, [&] { return deps.store.find_message(channel_id, message_id, reader_id); });
  co_return message_response(status, message ? *message : written);
}

http::Task<http::Response> handle_history(const MessageDeps& deps, http::RequestContext& ctx) {
  ChannelCaller caller;
  if (auto refusal = co_await find_channel_caller(deps, ctx, caller)) co_return std::move(*refusal);
  if (!chat::has(caller.access.permissions, chat::perm::read_message_history)) {
    co_return permission_denied();
  }
  auto channel_id = caller.channel_id;
  const std::string link_base = "/api/channels/" + std::to_string(channel_id) + "/messages/?";
  co_return co_await history_page(deps.store, deps.db_pool, ctx, channel_id, link_base);
}

http::Task<http::Response> handle_send(const MessageDeps& deps, http::RequestContext& ctx) {
  ChannelCaller caller;
  if (auto refusal = co_await find_channel_caller(deps, ctx, caller)) co_return std::move(*refusal);
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  // Blank text is the rules' to refuse (it may go with attachments).
  auto content = fields.text("content", 1 << 20, !body.object.contains("attachments"), true, false);
  if (!content) content = std::string();
  std::optional<std::int64_t> reply_to;
  if (auto* value = body.object.if_contains("reply_to"); value && !value->is_null()) {
    reply_to = fields.integer("reply_to", 1, INT64_MAX, true);
  }
  std::string nonce;
  if (auto* value = body.object.if_contains("nonce"); value && !value->is_null()) {
    if (value->is_string() || value->is_int64() || value->is_uint64()) {
      nonce = boost::json::serialize(*value);
    }
    if (nonce.empty() || nonce.size() > chat::kMaxNonceBytes) {
      fields.add_error("nonce", "Must be a short string or an integer.");
    }
  }
  auto attachments = attachment_ids(body.object, fields);
  if (!fields.ok()) co_return fields.error_response();
  if (!caller.actor.is_member) co_return permission_denied();

  auto channel_id = caller.channel_id;
  auto& chat = deps.chat;
  auto& actor = caller.actor;
  auto& text = *content;
  auto submit = [&](chat::ChatService::Done done) {
    return chat.post_message(actor, channel_id, std::move(text), reply_to, nonce, std::move(done),
                             std::move(attachments));
  };
  auto [refused, result] = co_await await_change(submit);
  if (refused != chat::PostError::none) co_return refusal_response(refused, "content");
  if (result.status != store::OpStatus::applied) co_return op_failure_response(result.status);
  co_return message_response(http::Status::created, *result.message);
}

// The message id of the route, or nullopt (then 404).
std::optional<std::int64_t> message_param(http::RequestContext& ctx) {
  return parse_id(ctx.param("message_id"));
}

http::Task<http::Response> handle_edit(const MessageDeps& deps, http::RequestContext& ctx) {
  ChannelCaller caller;
  if (auto refusal = co_await find_channel_caller(deps, ctx, caller)) co_return std::move(*refusal);
  auto message_id = message_param(ctx);
  if (!message_id) co_return http::not_found();
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  auto content = fields.text("content", 1 << 20, true, true, false);
  if (!fields.ok()) co_return fields.error_response();

  auto channel_id = caller.channel_id;
  auto& chat = deps.chat;
  auto& actor = caller.actor;
  auto& text = *content;
  auto id = *message_id;
  auto submit = [&](chat::ChatService::Done done) {
    return chat.edit_message(actor, channel_id, id, std::move(text), std::move(done));
  };
  auto [refused, result] = co_await await_change(submit);
  if (refused != chat::PostError::none) co_return refusal_response(refused, "content");
  if (result.status != store::OpStatus::applied) co_return op_failure_response(result.status);
  co_return co_await fresh_message(deps, http::Status::ok, *result.message, actor.user_id);
}

http::Task<http::Response> handle_delete(const MessageDeps& deps, http::RequestContext& ctx) {
  ChannelCaller caller;
  if (auto refusal = co_await find_channel_caller(deps, ctx, caller)) co_return std::move(*refusal);
  auto message_id = message_param(ctx);
  if (!message_id) co_return http::not_found();
  auto channel_id = caller.channel_id;
  auto& chat = deps.chat;
  auto& actor = caller.actor;
  auto id = *message_id;
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);
  auto submit = [&](chat::ChatService::Done done) {
    return chat.delete_message(actor, channel_id, id, std::move(done), audit.reason);
  };
  auto [refused, result] = co_await await_change(submit);
  if (refused != chat::PostError::none) co_return refusal_response(refused, "content");
  if (result.status != store::OpStatus::applied) co_return op_failure_response(result.status);
  co_return http::empty_response(http::Status::no_content);
}

}  // namespace

void register_channel_message_routes(http::Router& router, MessageDepsPtr deps) {
  using http::Verb;
  const http::RouteOptions auth{.auth = http::AuthPolicy::required};
  router.add(
      Verb::get, "/api/channels/{id:int}/messages/",
      [deps](http::RequestContext& ctx) { return handle_history(*deps, ctx); }, auth);
  router.add(
      Verb::post, "/api/channels/{id:int}/messages/",
      [deps](http::RequestContext& ctx) { return handle_send(*deps, ctx); }, auth);
  router.add(
      Verb::patch, "/api/channels/{id:int}/messages/{message_id:int}/",
      [deps](http::RequestContext& ctx) { return handle_edit(*deps, ctx); }, auth);
  router.add(
      Verb::delete_, "/api/channels/{id:int}/messages/{message_id:int}/",
      [deps](http::RequestContext& ctx) { return handle_delete(*deps, ctx); }, auth);
}

}  // namespace api

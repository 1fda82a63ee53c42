#include "api/channel_change.hpp"
#include "chat/channel_access.hpp"

#include "api/attachment_ids.hpp"

#include "api/request_io.hpp"
#include "chat/access_cache.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {

http::Task<std::optional<http::Response>> find_channel_caller(const MessageDeps& deps,
                                                              http::RequestContext& ctx,
                                                              ChannelCaller& caller) {
  auto channel_id = parse_id(ctx.param("id"));
  if (!channel_id) co_return http::not_found();
  auto user_id = ctx.principal->user_id;
  auto id = *channel_id;
  caller.channel_id = id;
  if (auto known = chat::AccessCache::find(id, user_id)) {
    caller.access = *known;
  } else {
    auto generation = chat::AccessCache::generation();
    caller.access = co_await util::offload(
        deps.db_pool, [&] { return chat::resolve_channel_access(deps.store, id, user_id); });
    chat::AccessCache::remember(id, user_id, caller.access, generation);
  }
  if (!caller.access.found) co_return http::not_found();
  caller.actor = {user_id, caller.access.is_member, caller.access.owner_id == user_id,
                  caller.access.permissions, caller.access.timeout_until};
  co_return std::nullopt;
}

http::Response refusal_response(chat::PostError error, std::string_view text_field) {
  switch (error) {
    case chat::PostError::none:
      break;
    case chat::PostError::not_member:
    case chat::PostError::forbidden:
      return permission_denied();
    case chat::PostError::empty:
      return field_error(text_field, "This field may not be blank.");
    case chat::PostError::too_long:
      return field_error(text_field, "Ensure this field has no more than 4000 characters.");
    case chat::PostError::bad_emoji:
      return field_error("emoji", "A reaction is one emoji.");
    case chat::PostError::rate_limited: {
      auto response =
          http::error_response(http::Status::too_many_requests,
                               "Request was throttled. Expected available in 1 second.");
      response.set(http::bhttp::field::retry_after, "1");
      return response;
    }
    case chat::PostError::timed_out:
      return http::json_response(
          http::Status::forbidden,
          boost::json::value{{"detail", chat::error_detail(error)}, {"code", "timed_out"}});
    case chat::PostError::unavailable:
      break;
  }
  return http::error_response(http::Status::service_unavailable,
                              "The change could not be stored; try again.");
}

http::Response op_failure_response(store::OpStatus status) {
  switch (status) {
    case store::OpStatus::not_found:
      return http::not_found();
    case store::OpStatus::forbidden:
      return permission_denied();
    case store::OpStatus::bad_reply:
      return field_error("reply_to", "Must name a message of this channel.");
    case store::OpStatus::bad_attachments:
      return field_error("attachments", kBadAttachments);
    case store::OpStatus::too_many_reactions:
      return field_error("emoji", "A message has at most 20 distinct reactions.");
    case store::OpStatus::applied:
    case store::OpStatus::unchanged:
    case store::OpStatus::failed:
      break;
  }
  return http::error_response(http::Status::service_unavailable,
                              "The change could not be stored; try again.");
}

}  // namespace api

// The REST side of changing a channel: who the caller is there, and waiting for the event
// writer's answer (a change is answered only once it is committed).
#pragma once
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

#include "api/message_deps.hpp"
#include "http/types.hpp"

namespace api {

// The caller's standing in the channel {id} of the route: 404 when there is no such channel.
struct ChannelCaller {
  std::int64_t channel_id = 0;
  store::ChannelAccess access;
  chat::Actor actor;
};
http::Task<std::optional<http::Response>> find_channel_caller(const MessageDeps& deps,
                                                              http::RequestContext& ctx,
                                                              ChannelCaller& caller);

// Submits through `submit(done)` (a ChatService call) and resumes with the rules' refusal, or
// with the op's result once it is committed. Not a coroutine (see util/offload.hpp).
template <class Submit>
auto await_change(Submit& submit) {
  namespace asio = boost::asio;
  return asio::async_initiate<const asio::use_awaitable_t<>&,
                              void(chat::PostError, store::OpResult)>(
      [&submit](auto handler) {
        auto executor = asio::get_associated_executor(handler);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        auto done = [shared, executor](store::OpResult result) {
          asio::post(executor, [shared, result = std::move(result)]() mutable {
            std::move (*shared)(chat::PostError::none, std::move(result));
          });
        };
        auto refused = submit(std::move(done));
        if (refused != chat::PostError::none) {
          asio::post(executor, [shared, refused]() mutable {
            std::move (*shared)(refused, store::OpResult{});
          });
        }
      },
      asio::use_awaitable);
}

// The answer to a change the rules refused before it was queued.
http::Response refusal_response(chat::PostError error, std::string_view text_field);
// The answer to an op the store did not apply (applied and unchanged are not errors).
http::Response op_failure_response(store::OpStatus status);

}  // namespace api

#include "chat/chat_service.hpp"

#include "chat/text_rules.hpp"
#include "metrics/metrics.hpp"
#include "realtime/frames.hpp"

namespace chat {

std::string_view error_code(PostError error) {
  switch (error) {
    case PostError::none:
      return "";
    case PostError::not_member:
      return "not_member";
    case PostError::too_long:
      return "too_long";
    case PostError::empty:
      return "empty";
    case PostError::rate_limited:
      return "rate_limited";
    case PostError::unavailable:
      return "unavailable";
  }
  return "";
}

std::string_view error_detail(PostError error) {
  switch (error) {
    case PostError::none:
      return "";
    case PostError::not_member:
      return "Only members of this server can post in its channels.";
    case PostError::too_long:
      return "A message is at most 4000 characters.";
    case PostError::empty:
      return "A message cannot be empty.";
    case PostError::rate_limited:
      return "You are sending messages too fast.";
    case PostError::unavailable:
      return "The message could not be stored; try again.";
  }
  return "";
}

ChatService::ChatService(store::MessageWriter& writer, realtime::Bus& bus, ChatLimits limits)
    : writer_(writer),
      bus_(bus),
      limits_(limits),
      message_rate_(limits.message_rate, limits.message_burst),
      typing_rate_(
          1000.0 / std::max<double>(1, static_cast<double>(limits.typing_interval.count())), 1) {}

PostError ChatService::post_message(Id sender_id, Id channel_id, std::string text, bool is_member,
                                    std::string nonce_json, std::function<void()> on_store_failed) {
  if (!is_member) return PostError::not_member;
  switch (check_message_text(text, limits_.max_chars)) {
    case TextProblem::empty:
      return PostError::empty;
    case TextProblem::too_long:
      return PostError::too_long;
    case TextProblem::none:
      break;
  }
  if (!message_rate_.try_acquire(sender_id))
    return metrics::throttled(metrics::Throttle::message), PostError::rate_limited;
  auto done = [this, nonce = std::move(nonce_json),
               failed = on_store_failed](std::optional<Message> stored) {
    if (stored) {
      bus_.publish(realtime::message_event(*stored, nonce));
    } else if (failed) {
      failed();
    }
  };
  NewMessage message{channel_id, sender_id, std::move(text)};
  if (!writer_.submit(std::move(message), std::move(done))) return PostError::unavailable;
  return PostError::none;
}

bool ChatService::may_relay_typing(Id user_id, bool is_member) {
  return is_member && typing_rate_.try_acquire(user_id);
}

void ChatService::publish_typing(Id channel_id, std::string_view username, const void* except) {
  bus_.publish(realtime::typing_event(channel_id, username, except));
}

}  // namespace chat

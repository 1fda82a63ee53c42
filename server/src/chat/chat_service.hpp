// The rules of posting in a channel: membership, text, per-user rate; then the single
// writer stores the message and, only after commit, it is published to the channel.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "chat/model.hpp"
#include "chat/rate_limiter.hpp"
#include "realtime/bus.hpp"
#include "store/message_writer.hpp"

namespace chat {

struct ChatLimits {
  double message_rate = 10;   // messages per second per user
  double message_burst = 20;  // saved-up messages per user
  std::size_t max_chars = 4000;
  std::chrono::milliseconds typing_interval{3000};  // one relayed typing event per user
};

enum class PostError { none, not_member, too_long, empty, rate_limited, unavailable };

// The Parley protocol's error code and a human sentence for it.
std::string_view error_code(PostError error);
std::string_view error_detail(PostError error);

class ChatService {
 public:
  ChatService(store::MessageWriter& writer, realtime::Bus& bus, ChatLimits limits);

  // Checks the rules in SPEC order (membership as the caller knows it, text, rate). On none,
  // the message is queued for the writer; once committed it is published with the sender's
  // nonce (serialized JSON, may be empty). on_store_failed runs on the writer thread when the
  // store could not take it after all.
  PostError post_message(Id sender_id, Id channel_id, std::string text, bool is_member,
                         std::string nonce_json, std::function<void()> on_store_failed);

  // A member's typing notice is relayed at most once per typing_interval per user.
  bool may_relay_typing(Id user_id, bool is_member);
  void publish_typing(Id channel_id, std::string_view username, const void* except);

  const ChatLimits& limits() const { return limits_; }

 private:
  store::MessageWriter& writer_;
  realtime::Bus& bus_;
  ChatLimits limits_;
  RateLimiter message_rate_;
  RateLimiter typing_rate_;
};

}  // namespace chat

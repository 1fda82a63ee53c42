// The rules of changing a channel (SPEC §3, §7): who may post, edit, delete and react, what a
// text and an emoji must be, per-user rates. An accepted change goes to the single event
// writer; once committed, its event is published to the channel, then the caller hears back.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/rate_limiter.hpp"
#include "model/model.hpp"
#include "realtime/bus.hpp"
#include "store/event_writer.hpp"

namespace chat {
using model::Id;

// A client's nonce, serialized, is echoed back; it is at most this long.
constexpr std::size_t kMaxNonceBytes = 200;

struct ChatLimits {
  double message_rate = 10;   // messages per second per user
  double message_burst = 20;  // saved-up messages per user
  double action_rate = 10;    // edits, deletes and reactions per second per user
  double action_burst = 20;
  std::size_t max_chars = 4000;
  std::chrono::milliseconds typing_interval{3000};  // one relayed typing event per user
};

enum class PostError {
  none,
  not_member,
  too_long,
  empty,
  rate_limited,
  unavailable,
  bad_emoji,
  forbidden,
  timed_out,  // a moderator's timeout (SPEC §10) holds until actor.timeout_until
};

// The Parley protocol's error code and a human sentence for it.
std::string_view error_code(PostError error);
std::string_view error_detail(PostError error);

// Who asks, as the caller knows it (from the socket's cache or a fresh look-up).
struct Actor {
  Id user_id = 0;
  bool is_member = false;
  bool is_owner = false;           // of the channel's server
  std::uint64_t permissions = 0;   // effective bits in the channel (chat/permissions.hpp)
  std::int64_t timeout_until = 0;  // chat::timeout_until: no posts or reactions before then
};

class ChatService {
 public:
  // Runs on the writer thread after the commit (and after the event is published).
  using Done = std::function<void(store::OpResult)>;

  ChatService(store::EventWriter& writer, realtime::Bus& bus, ChatLimits limits);
  // A message the user sent through another node counts against their rate here too.
  void charge_message_rate(Id user_id) { message_rate_.charge(user_id); }

  // Each checks the rules in SPEC order; on none the change is queued and done follows.
  // nonce_json is the sender's nonce, serialized (may be empty).
  // attachments: the sender's unused uploads of this channel (SPEC §12, at most 10, checked
  // again when applied); with some, the text may be empty.
  PostError post_message(const Actor& actor, Id channel_id, std::string text,
                         std::optional<Id> reply_to, std::string nonce_json, Done done,
                         std::vector<Id> attachments = {});
  PostError edit_message(const Actor& actor, Id channel_id, Id message_id, std::string text,
                         Done done);
  // A delete of someone else's message (MANAGE_MESSAGES) goes to the audit log with this reason.
  PostError delete_message(const Actor& actor, Id channel_id, Id message_id, Done done,
                           std::optional<std::string> audit_reason = std::nullopt);
  // A ban's deletion of the banned user's recent messages (SPEC §10): queued without the
  // moderator's rate (one ban, many messages); the ban's audit entry stands for them. false
  // when the writer's queue is full (the messages queued so far are deleted).
  bool purge_messages(Id moderator_id, const std::vector<store::AuthoredMessage>& messages);
  PostError react(const Actor& actor, Id channel_id, Id message_id, std::string emoji, bool add,
                  Done done);

  // A member's typing notice is relayed at most once per typing_interval per user.
  bool may_relay_typing(Id user_id, bool is_member);
  void publish_typing(Id channel_id, Id user_id, std::string_view username);

  const ChatLimits& limits() const { return limits_; }

 private:
  PostError check_text(const std::string& text) const;
  PostError submit(store::ChannelOp op, std::string nonce_json, Done done);

  store::EventWriter& writer_;
  realtime::Bus& bus_;
  ChatLimits limits_;
  RateLimiter message_rate_;
  RateLimiter action_rate_;
  RateLimiter typing_rate_;
};

}  // namespace chat

#include "chat/chat_service.hpp"

#include "chat/permissions.hpp"

#include "chat/emoji.hpp"
#include "chat/mentions.hpp"
#include "chat/text_rules.hpp"
#include "metrics/metrics.hpp"
#include "realtime/cluster_notices.hpp"
#include "realtime/frames.hpp"
#include "util/time.hpp"

namespace chat {
namespace {

bool timed_out(const Actor& actor) {
  return actor.timeout_until != 0 && actor.timeout_until > util::now_micros();
}

}  // namespace

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
    case PostError::bad_emoji:
      return "bad_emoji";
    case PostError::forbidden:
      return "forbidden";
    case PostError::timed_out:
      return "timed_out";
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
    case PostError::bad_emoji:
      return "A reaction is one emoji.";
    case PostError::forbidden:
      return "You do not have permission to perform this action.";
    case PostError::timed_out:
      return "You are timed out in this server and cannot post or react for now.";
  }
  return "";
}

ChatService::ChatService(store::EventWriter& writer, realtime::Bus& bus, ChatLimits limits)
    : writer_(writer),
      bus_(bus),
      limits_(limits),
      message_rate_(limits.message_rate, limits.message_burst),
      action_rate_(limits.action_rate, limits.action_burst),
      typing_rate_(
          1000.0 / std::max<double>(1, static_cast<double>(limits.typing_interval.count())), 1) {}

PostError ChatService::check_text(const std::string& text) const {
  switch (check_message_text(text, limits_.max_chars)) {
    case TextProblem::empty:
      return PostError::empty;
    case TextProblem::too_long:
      return PostError::too_long;
    case TextProblem::none:
      break;
  }
  return PostError::none;
}

PostError ChatService::post_message(const Actor& actor, Id channel_id, std::string text,
                                    std::optional<Id> reply_to, std::string nonce_json, Done done,
                                    std::vector<Id> attachments) {
  if (!actor.is_member) return PostError::not_member;
  if (timed_out(actor)) return PostError::timed_out;
  if (!has(actor.permissions, perm::send_messages)) return PostError::forbidden;
  if (auto problem = check_text(text);
      problem != PostError::none && !(problem == PostError::empty && !attachments.empty())) {
    return problem;
  }
  if (!message_rate_.try_acquire(actor.user_id))
    return metrics::throttled(metrics::Throttle::message), PostError::rate_limited;
  // The user's rate holds across nodes: the others charge it too (no-op on a single node).
  realtime::ClusterNotices::tell_peers(realtime::Notice::message_sent, actor.user_id);
  auto mentions = parse_mentions(text);
  store::ChannelOp op;
  op.kind = store::ChannelOp::Kind::create;
  op.channel_id = channel_id;
  op.actor_id = actor.user_id;
  op.content = std::move(text);
  op.reply_to = reply_to;
  op.attachments = std::move(attachments);
  op.mentions = std::move(mentions.ids);
  // @everyone and @here notify everyone only from those holding MENTION_EVERYONE; otherwise
  // they are plain text.
  op.mention_everyone = mentions.everyone && has(actor.permissions, perm::mention_everyone);
  return submit(std::move(op), std::move(nonce_json), std::move(done));
}

PostError ChatService::edit_message(const Actor& actor, Id channel_id, Id message_id,
                                    std::string text, Done done) {
  if (auto problem = check_text(text); problem != PostError::none) return problem;
  if (!action_rate_.try_acquire(actor.user_id)) return PostError::rate_limited;
  auto mentions = parse_mentions(text);
  store::ChannelOp op;
  op.kind = store::ChannelOp::Kind::edit;
  op.channel_id = channel_id;
  op.actor_id = actor.user_id;
  op.message_id = message_id;
  op.content = std::move(text);
  op.mentions = std::move(mentions.ids);
  op.mention_everyone = mentions.everyone && has(actor.permissions, perm::mention_everyone);
  return submit(std::move(op), {}, std::move(done));
}

PostError ChatService::delete_message(const Actor& actor, Id channel_id, Id message_id, Done done,
                                      std::optional<std::string> audit_reason) {
  if (!action_rate_.try_acquire(actor.user_id)) return PostError::rate_limited;
  store::ChannelOp op;
  op.kind = store::ChannelOp::Kind::remove;
  op.channel_id = channel_id;
  op.actor_id = actor.user_id;
  op.message_id = message_id;
  op.moderator = has(actor.permissions, perm::manage_messages);
  op.audited = true;
  op.audit_reason = std::move(audit_reason);
  return submit(std::move(op), {}, std::move(done));
}

bool ChatService::purge_messages(Id moderator_id,
                                 const std::vector<store::AuthoredMessage>& messages) {
  for (const auto& message : messages) {
    store::ChannelOp op;
    op.kind = store::ChannelOp::Kind::remove;
    op.channel_id = message.channel_id;
    op.actor_id = moderator_id;
    op.message_id = message.message_id;
    op.moderator = true;
    if (submit(std::move(op), {}, {}) != PostError::none) return false;
  }
  return true;
}

PostError ChatService::react(const Actor& actor, Id channel_id, Id message_id, std::string emoji,
                             bool add, Done done) {
  if (!actor.is_member) return PostError::not_member;
  if (timed_out(actor)) return PostError::timed_out;
  if (!has(actor.permissions, perm::add_reactions)) return PostError::forbidden;
  if (!is_single_emoji(emoji)) return PostError::bad_emoji;
  if (!action_rate_.try_acquire(actor.user_id)) return PostError::rate_limited;
  store::ChannelOp op;
  op.kind = add ? store::ChannelOp::Kind::react : store::ChannelOp::Kind::unreact;
  op.channel_id = channel_id;
  op.actor_id = actor.user_id;
  op.message_id = message_id;
  op.emoji = std::move(emoji);
  return submit(std::move(op), {}, std::move(done));
}

PostError ChatService::submit(store::ChannelOp op, std::string nonce_json, Done done) {
  auto committed = [this, nonce = std::move(nonce_json),
                    done = std::move(done)](store::OpResult result) {
    if (result.status == store::OpStatus::applied && result.event) {
      bool created = result.event->kind == model::EventKind::message_create;
      bus_.publish(realtime::event_delivery(
          *result.event, created && result.message ? &*result.message : nullptr, nonce));
    }
    if (!done) return;
    if (result.status == store::OpStatus::applied && result.event &&
        result.event->kind == model::EventKind::message_delete) {
      // Everyone sees the delete now; the one who asked hears back once it is erased.
      writer_.after_erasure(
          [done, result = std::move(result)]() mutable { done(std::move(result)); });
      return;
    }
    done(std::move(result));
  };
  if (!writer_.submit(std::move(op), std::move(committed))) return PostError::unavailable;
  return PostError::none;
}

bool ChatService::may_relay_typing(Id user_id, bool is_member) {
  return is_member && typing_rate_.try_acquire(user_id);
}

void ChatService::publish_typing(Id channel_id, Id user_id, std::string_view username) {
  bus_.publish(realtime::typing_delivery(channel_id, user_id, username));
}

}  // namespace chat

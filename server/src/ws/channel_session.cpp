#include "ws/channel_session.hpp"
#include "chat/attachment_list.hpp"
#include "chat/channel_access.hpp"
#include "chat/permissions.hpp"

#include <boost/asio/post.hpp>

#include "realtime/frames.hpp"
#include "util/log.hpp"
#include "ws/client_request.hpp"

namespace ws {
namespace asio = boost::asio;

ChannelSession::ChannelSession(std::shared_ptr<SessionServices> services,
                               asio::ip::tcp::socket socket, SessionInfo info, bool is_owner)
    : Connection(std::move(services), std::move(socket), std::move(info)) {
  actor_ = {info_.user_id, info_.is_member, is_owner, info_.permissions, info_.timeout_until};
  membership_checked_ = std::chrono::steady_clock::now();
}

void ChannelSession::on_admitted() {
  services_->hub.subscribe(shard(), realtime::channel_topic(info_.channel_id), this);
}

void ChannelSession::on_started() {
  if (info_.protocol != Protocol::parley) return;
  if (info_.resume_after_seq) {
    replaying_ = true;
    replay_by_seq_ = true;
    replayed_up_to_ = *info_.resume_after_seq;
    replay_next();
  } else if (info_.resume_after) {
    replaying_ = true;
    replayed_up_to_ = *info_.resume_after;
    replay_next();
  }
}

void ChannelSession::on_binary() {
  reply_bad_frame("Frames must be JSON text.");
}

void ChannelSession::on_text(std::string_view payload) {
  auto request = parse_client_request(payload);
  if (info_.protocol == Protocol::original) {
    // The original ignored "type" and read "message"; anything else is dropped silently.
    if (request.type == "typing" || !request.message) return;
    return post({std::move(*request.message), {}, std::nullopt, {}});
  }
  if (!request.problem.empty()) return reply_bad_frame(request.problem, request.nonce_json);
  if (request.type == "message") {
    if (!request.message) {
      return reply_bad_frame("\"message\" must be a string.", request.nonce_json);
    }
    if (request.reply_to_present && !request.reply_to) {
      return reply_bad_frame("reply_to must be a message id.", request.nonce_json);
    }
    if (!request.attachments_problem.empty()) {
      return reply_bad_frame(request.attachments_problem, request.nonce_json);
    }
    return post({std::move(*request.message), std::move(request.nonce_json), request.reply_to,
                 std::move(request.attachments)});
  }
  if (request.type == "typing") {
    // Typing is a hint: the cached membership answer is good enough.
    if (services_->chat.may_relay_typing(info_.user_id, actor_.is_member)) {
      services_->chat.publish_typing(info_.channel_id, info_.user_id, info_.username);
    }
    return;
  }
  reply_bad_frame("Unknown frame type.", request.nonce_json);
}

// ---------------------------------------------------------------- posting

bool ChannelSession::membership_fresh() const {
  auto age = std::chrono::steady_clock::now() - membership_checked_;
  return actor_.is_member ? age < services_->limits.membership_ttl
                          : age < services_->limits.non_member_ttl;
}

void ChannelSession::post(PendingPost pending) {
  if (membership_fresh()) return finish(std::move(pending));
  refresh_membership(std::move(pending));
}

void ChannelSession::refresh_membership(PendingPost pending) {
  pause_reading();  // frames after this one wait, so a sender's messages keep their order
  asio::post(services_->db_pool, [self = self<ChannelSession>(),
                                  pending = std::move(pending)]() mutable {
    std::optional<store::ChannelAccess> access;
    try {
      access = chat::resolve_channel_access(self->services_->store, self->info_.channel_id,
                                            self->info_.user_id);
    } catch (const std::exception& e) {
      util::LogEvent("ws.membership_check_failed").add("error", e.what()).warn();
    }
    auto executor = self->executor();
    asio::post(executor, [self = std::move(self), pending = std::move(pending), access]() mutable {
      if (access) {
        self->actor_.is_member = access->found && access->is_member;
        self->actor_.is_owner = access->found && access->owner_id == self->info_.user_id;
        self->actor_.permissions = access->found ? access->permissions : 0;
        self->actor_.timeout_until = access->found ? access->timeout_until : 0;
        self->membership_checked_ = std::chrono::steady_clock::now();
      }
      if (self->torn_down()) return;
      if (access) {
        self->finish(std::move(pending));
      } else {
        self->reply_error(chat::PostError::unavailable, pending.nonce);
      }
      self->resume_reading();
    });
  });
}

void ChannelSession::finish(PendingPost pending) {
  if (!is_open()) return;
  chat::ChatService::Done done;
  if (info_.protocol == Protocol::parley) {
    done = [weak = weak_from_this(), executor = executor(),
            nonce = pending.nonce](store::OpResult result) {
      if (result.status == store::OpStatus::applied) return;
      asio::post(executor, [weak, nonce, status = result.status] {
        auto self = std::static_pointer_cast<ChannelSession>(weak.lock());
        if (!self) return;
        if (status == store::OpStatus::bad_reply) {
          return self->reply_bad_frame("reply_to must name a message of this channel.", nonce);
        }
        if (status == store::OpStatus::bad_attachments) {
          return self->reply_bad_frame(chat::kBadAttachments, nonce);
        }
        self->reply_error(chat::PostError::unavailable, nonce);
      });
    };
  }
  auto error = services_->chat.post_message(actor_, info_.channel_id, std::move(pending.text),
                                            pending.reply_to, pending.nonce, std::move(done),
                                            std::move(pending.attachments));
  // In a DM (no server) not being allowed to post means a block, not a missing membership.
  if (error == chat::PostError::not_member && info_.server_id == 0) {
    error = chat::PostError::forbidden;
  }
  if (error != chat::PostError::none) reply_error(error, pending.nonce);
}

void ChannelSession::reply_error(chat::PostError error, std::string_view nonce) {
  if (info_.protocol != Protocol::parley || !is_open()) return;  // original: silent
  enqueue(realtime::error_frame(chat::error_code(error), chat::error_detail(error), nonce));
  flush();
}

void ChannelSession::reply_bad_frame(std::string_view detail, std::string_view nonce) {
  if (info_.protocol != Protocol::parley || !is_open()) return;
  enqueue(realtime::error_frame("bad_frame", detail, nonce));
  flush();
}

// ---------------------------------------------------------------- deliveries

void ChannelSession::on_delivery(const realtime::Delivery& event) {
  // Removed from (or left) this DM: no longer allowed to see the channel.
  // Closed once the Hub is done walking the topic (no write during a delivery).
  if (event.revoke_user != 0 && event.revoke_user == info_.user_id) {
    asio::post(executor(), [self = self<ChannelSession>()] { self->close(4003); });
    return;
  }
  if (event.change && event.change->recheck && event.change->permissions) {
    return recheck(*event.change->permissions);
  }
  const auto& wire = info_.protocol == Protocol::parley ? event.parley : event.original;
  if (!wire) return;
  if (replayed_up_to_ != 0 && !replaying_) {
    // A resume read events that were committed but not yet delivered: they arrive after the
    // replay and are dropped here (the channel's deliveries come in commit order).
    model::Id position = replay_by_seq_ ? event.seq : event.message_id;
    if (position != 0 && position <= replayed_up_to_) return;
  }
  if (replaying_) {
    if (held_.size() >= services_->limits.queue_messages) return overflow();
    held_.push_back({event.seq, event.message_id, wire});
    return;
  }
  enqueue(wire);
}

// The server's roles or overwrites changed: what this socket may do now, and whether it may
// still see its channel at all (SPEC §10: 4003 when not).
void ChannelSession::recheck(const model::ServerPermissions& server) {
  auto bits = chat::channel_permissions(server, info_.channel_id, info_.user_id, actor_.is_member);
  actor_.permissions = bits;
  actor_.timeout_until = chat::timeout_until(server, info_.user_id);
  if (!chat::has(bits, chat::perm::view_channel)) {
    asio::post(executor(), [self = self<ChannelSession>()] { self->close(4003); });
  }
}

void ChannelSession::on_drained() {
  if (replay_waiting_) replay_next();
}

void ChannelSession::on_closing() {
  replaying_ = false;
  replay_waiting_ = false;
  held_.clear();
}

}  // namespace ws

#include "ws/gateway_session.hpp"
#include "chat/channel_access.hpp"

#include <boost/asio/post.hpp>
#include <chrono>

#include "chat/attachment_list.hpp"
#include "chat/permissions.hpp"
#include "codec/gateway_json.hpp"
#include "realtime/frames.hpp"
#include "util/log.hpp"
#include "ws/client_request.hpp"

namespace ws {
namespace asio = boost::asio;
using realtime::channel_topic;
using realtime::server_topic;
using realtime::user_topic;

GatewaySession::GatewaySession(std::shared_ptr<SessionServices> services,
                               asio::ip::tcp::socket socket, SessionInfo info,
                               std::vector<model::MemberServer> servers,
                               std::vector<model::DirectChannel> dms)
    : Connection(std::move(services), std::move(socket), std::move(info)),
      servers_(std::move(servers)),
      dms_(std::move(dms)) {}

// Subscribes to what the handshake read, before the 101 leaves. The servers are read again
// once subscribed, and ready is built from that second reading: an event committed before it
// is counted in ready's last_seq, one committed after it is delivered (SPEC §6: no gap
// between ready and the live events, nothing twice).
void GatewaySession::on_admitted() {
  services_->hub.subscribe(shard(), user_topic(info_.user_id), this);
  follow(servers_);
  follow_dms(dms_);
}

void GatewaySession::follow_dms(const std::vector<model::DirectChannel>& dms) {
  for (const auto& dm : dms) {
    channel_servers_[dm.id] = 0;
    services_->hub.subscribe(shard(), channel_topic(dm.id), this);
  }
}

void GatewaySession::follow(const std::vector<model::MemberServer>& servers) {
  auto& hub = services_->hub;
  for (const auto& server : servers) {
    owners_[server.id] = server.owner_id;
    hub.subscribe(shard(), server_topic(server.id), this);
    for (const auto& channel : server.channels) {
      channel_servers_[channel.id] = server.id;
      hub.subscribe(shard(), channel_topic(channel.id), this);
    }
  }
}

void GatewaySession::on_started() {
  std::vector<model::MemberServer>().swap(servers_);
  std::vector<model::DirectChannel>().swap(dms_);
  auto started = std::chrono::steady_clock::now();
  asio::post(services_->db_pool, [self = self<GatewaySession>(), started] {
    std::optional<std::vector<model::MemberServer>> servers;
    std::vector<chat::ServerPermissionsPtr> permissions;
    std::vector<model::DirectChannel> dms;
    std::vector<model::ReadState> read_states;
    try {
      auto& store = self->services_->store;
      servers = store.member_servers(self->info_.user_id);
      permissions = chat::restrict_to_visible(store, self->info_.user_id, *servers);
      dms = store.direct_channels(self->info_.user_id);
      read_states = store.read_states(self->info_.user_id);
    } catch (const std::exception& e) {
      servers.reset();
      util::LogEvent("gateway.ready_failed").add("error", e.what()).warn();
    }
    auto executor = self->executor();
    asio::post(executor, [self = std::move(self), servers = std::move(servers),
                          dms = std::move(dms), read_states = std::move(read_states),
                          permissions = std::move(permissions), started]() mutable {
      if (self->torn_down()) return;
      if (!servers) return self->close(1011);
      auto bytes = self->send_ready(std::move(*servers), std::move(dms), read_states,
                                    std::move(permissions));
      util::LogEvent("gateway.ready")
          .add("user_id", self->info_.user_id)
          .add("servers", self->owners_.size())
          .add("bytes", bytes)
          .add("channels", self->channel_servers_.size())
          .add("micros", std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count())
          .debug();
    });
  });
}

std::size_t GatewaySession::send_ready(std::vector<model::MemberServer> servers,
                                       std::vector<model::DirectChannel> dms,
                                       const std::vector<model::ReadState>& read_states,
                                       std::vector<chat::ServerPermissionsPtr> permissions) {
  // Follow what changed between the two readings (a server joined or left meanwhile).
  std::unordered_map<model::Id, model::Id> channels;
  std::unordered_map<model::Id, model::Id> owners;
  for (const auto& server : servers) {
    owners[server.id] = server.owner_id;
    for (const auto& channel : server.channels) channels[channel.id] = server.id;
  }
  for (const auto& dm : dms) channels[dm.id] = 0;
  auto& hub = services_->hub;
  for (auto& [channel, server] : channel_servers_) {
    if (!channels.count(channel)) hub.unsubscribe(shard(), channel_topic(channel), this);
  }
  for (auto& [server, owner] : owners_) {
    if (!owners.count(server)) hub.unsubscribe(shard(), server_topic(server), this);
  }
  follow(servers);
  follow_dms(dms);
  owners_ = std::move(owners);
  channel_servers_ = std::move(channels);
  permissions_.clear();
  for (std::size_t i = 0; i < servers.size() && i < permissions.size(); ++i) {
    if (permissions[i]) permissions_[servers[i].id] = permissions[i];
  }
  for (const auto& server : servers) {
    for (const auto& channel : server.channels) ready_seq_[channel.id] = channel.last_seq;
  }
  for (const auto& dm : dms) ready_seq_[dm.id] = dm.last_seq;
  auto frame = codec::ready_frame(
      info_.user_id, info_.username, servers,
      [this](const model::MemberServer& server, const model::Channel& channel) {
        return permissions_in(server.id, channel.id).value_or(0);
      },
      dms, read_states, services_->limits.max_upload_bytes);
  enqueue_control(realtime::text_frame(frame));
  ready_sent_ = true;
  auto held = std::move(held_);
  held_ = {};
  for (const auto& event : held) process(event);
  flush();
  return frame.size();
}

void GatewaySession::on_delivery(const realtime::Delivery& event) {
  if (!ready_sent_) {
    if (held_.size() >= services_->limits.queue_messages) return overflow();
    held_.push_back(event);
    return;
  }
  process(event);
}

void GatewaySession::process(const realtime::Delivery& event) {
  // A member-list copy of a join or leave this socket also gets through the server's topic.
  if (event.roster_server != 0 && owners_.count(event.roster_server)) return;
  if (event.seq != 0) {
    auto floor = ready_seq_.find(event.channel_id);
    if (floor != ready_seq_.end()) {
      if (event.seq <= floor->second) return;  // ready counted it already
      ready_seq_.erase(floor);                 // from here on, every event is new
    }
  }
  if (event.change) {
    // The roster topic's copy is for followers of a server they are not members of.
    if (event.change->recheck && event.topic == realtime::members_topic(event.change->server_id))
      return recheck_roster(*event.change);
    // A permission change reaches this socket through the server's topic; the copies sent to
    // its channels' topics are for channel sockets.
    if (event.change->recheck && event.topic != server_topic(event.change->server_id)) return;
    apply(*event.change);
  }
  const auto& wire = event.gateway ? event.gateway : event.parley;
  if (wire) enqueue(wire);
}

void GatewaySession::announce(const model::Channel& channel) {
  auto owner = owners_.find(channel.server_id);
  if (owner == owners_.end()) return;
  auto permissions = permissions_in(channel.server_id, channel.id).value_or(0);
  if (permissions_.count(channel.server_id) && !chat::has(permissions, chat::perm::view_channel)) {
    // A channel this member may not view (@everyone denied VIEW_CHANNEL server-wide).
    services_->hub.unsubscribe(shard(), channel_topic(channel.id), this);
    channel_servers_.erase(channel.id);
    return;
  }
  enqueue(realtime::text_frame(
      codec::channel_frame("channel.create", channel.server_id, channel, permissions)));
}

// Called while the Hub delivers: the Hub applies the topic changes once the batch is done.
void GatewaySession::apply(const realtime::SubscriptionChange& change) {
  auto& hub = services_->hub;
  for (auto topic : change.subscribe) {
    hub.subscribe(shard(), topic, this);
    if (topic == server_topic(change.server_id)) {
      owners_[change.server_id] = change.owner_id;
      if (change.permissions) permissions_[change.server_id] = change.permissions;
    } else if (topic < user_topic(0)) {
      channel_servers_[static_cast<model::Id>(topic)] = change.server_id;
    }
  }
  if (change.recheck) recheck(change);
  if (change.created_channel) announce(*change.created_channel);
  for (auto topic : change.unsubscribe) {
    hub.unsubscribe(shard(), topic, this);
    if (topic == server_topic(change.server_id)) {
      owners_.erase(change.server_id);
      permissions_.erase(change.server_id);
    } else if (topic < user_topic(0)) {
      channel_servers_.erase(static_cast<model::Id>(topic));
      ready_seq_.erase(static_cast<model::Id>(topic));
    }
  }
}

void GatewaySession::on_binary() {
  reply_error("bad_frame", "Frames must be JSON text.", {}, 0);
}

void GatewaySession::on_text(std::string_view payload) {
  auto request = parse_client_request(payload);
  model::Id channel_id = request.channel_id.value_or(0);
  if (!request.problem.empty()) {
    return reply_error("bad_frame", request.problem, request.nonce_json, channel_id);
  }
  if (request.type == "presence") return choose_status(request.status);
  if (request.type == "subscribe_members") return subscribe_members(request.server_id);
  if (request.type != "message" && request.type != "typing") {
    return reply_error("bad_frame", "Unknown frame type.", request.nonce_json, channel_id);
  }
  if (!request.channel_id) {
    return reply_error("bad_frame", "channel_id must be a channel id.", request.nonce_json, 0);
  }
  if (!channel_servers_.count(channel_id)) return refuse_unknown(channel_id, request.nonce_json);
  if (request.type == "typing") {
    if (services_->chat.may_relay_typing(info_.user_id, true)) {
      services_->chat.publish_typing(channel_id, info_.user_id, info_.username);
    }
    return;
  }
  if (!request.message) {
    return reply_error("bad_frame", "\"message\" must be a string.", request.nonce_json,
                       channel_id);
  }
  if (request.reply_to_present && !request.reply_to) {
    return reply_error("bad_frame", "reply_to must be a message id.", request.nonce_json,
                       channel_id);
  }
  if (!request.attachments_problem.empty()) {
    return reply_error("bad_frame", request.attachments_problem, request.nonce_json, channel_id);
  }
  post(channel_id, std::move(*request.message), request.reply_to, std::move(request.nonce_json),
       std::move(request.attachments));
}

void GatewaySession::post(model::Id channel_id, std::string text, std::optional<model::Id> reply_to,
                          std::string nonce, std::vector<model::Id> attachments) {
  model::Id server_id = channel_servers_[channel_id];
  auto permissions = server_id == 0 ? std::nullopt : permissions_in(server_id, channel_id);
  if (!permissions) {
    return post_checked(channel_id, std::move(text), reply_to, std::move(nonce),
                        std::move(attachments));
  }
  if (!chat::has(*permissions, chat::perm::view_channel)) {
    return reply_error("not_found", "No such channel.", nonce, channel_id);
  }
  chat::Actor actor{info_.user_id, true, owners_[server_id] == info_.user_id, *permissions,
                    timeout_in(server_id)};
  submit_post(actor, channel_id, std::move(text), reply_to, std::move(nonce),
              std::move(attachments));
}

void GatewaySession::post_checked(model::Id channel_id, std::string text,
                                  std::optional<model::Id> reply_to, std::string nonce,
                                  std::vector<model::Id> attachments) {
  pause_reading();  // frames after this one wait, so a sender's messages keep their order
  asio::post(services_->db_pool, [self = self<GatewaySession>(), channel_id, text = std::move(text),
                                  reply_to, nonce = std::move(nonce),
                                  attachments = std::move(attachments)]() mutable {
    std::optional<store::ChannelAccess> access;
    try {
      access =
          chat::resolve_channel_access(self->services_->store, channel_id, self->info_.user_id);
    } catch (const std::exception& e) {
      util::LogEvent("gateway.channel_check_failed").add("error", e.what()).warn();
    }
    auto executor = self->executor();
    asio::post(executor, [self = std::move(self), channel_id, text = std::move(text), reply_to,
                          nonce = std::move(nonce), access,
                          attachments = std::move(attachments)]() mutable {
      if (self->torn_down()) return;
      if (!access) {
        self->reply_error(chat::error_code(chat::PostError::unavailable),
                          chat::error_detail(chat::PostError::unavailable), nonce, channel_id);
      } else if (!access->found) {
        self->reply_error("not_found", "No such channel.", nonce, channel_id);
      } else if (!access->is_member) {
        // A recipient of a 1:1 that one side has blocked (SPEC §9), or a server left meanwhile.
        auto refusal = access->dm ? chat::PostError::forbidden : chat::PostError::not_member;
        self->reply_error(chat::error_code(refusal), chat::error_detail(refusal), nonce,
                          channel_id);
      } else {
        // In a DM nobody moderates, and @everyone there is plain text (no such bits).
        chat::Actor actor{self->info_.user_id, true, access->owner_id == self->info_.user_id,
                          access->permissions, access->timeout_until};
        self->submit_post(actor, channel_id, std::move(text), reply_to, std::move(nonce),
                          std::move(attachments));
      }
      self->resume_reading();
    });
  });
}

void GatewaySession::submit_post(const chat::Actor& actor, model::Id channel_id, std::string text,
                                 std::optional<model::Id> reply_to, std::string nonce,
                                 std::vector<model::Id> attachments) {
  auto done = [weak = weak_from_this(), executor = executor(), nonce,
               channel_id](store::OpResult result) {
    if (result.status == store::OpStatus::applied) return;
    asio::post(executor, [weak, nonce, channel_id, status = result.status] {
      auto self = std::static_pointer_cast<GatewaySession>(weak.lock());
      if (!self) return;
      if (status == store::OpStatus::bad_reply) {
        return self->reply_error("bad_frame", "reply_to must name a message of this channel.",
                                 nonce, channel_id);
      }
      if (status == store::OpStatus::bad_attachments) {
        return self->reply_error("bad_frame", chat::kBadAttachments, nonce, channel_id);
      }
      if (status == store::OpStatus::not_found) {
        return self->reply_error("not_found", "No such channel in your servers.", nonce,
                                 channel_id);
      }
      self->reply_error(chat::error_code(chat::PostError::unavailable),
                        chat::error_detail(chat::PostError::unavailable), nonce, channel_id);
    });
  };
  auto error = services_->chat.post_message(actor, channel_id, std::move(text), reply_to, nonce,
                                            std::move(done), std::move(attachments));
  if (error != chat::PostError::none) {
    reply_error(chat::error_code(error), chat::error_detail(error), nonce, channel_id);
  }
}

// A channel outside the user's servers: not_member when it exists (public servers can be
// read, not written, by anyone), not_found otherwise.
void GatewaySession::refuse_unknown(model::Id channel_id, std::string nonce) {
  asio::post(services_->db_pool, [self = self<GatewaySession>(), channel_id,
                                  nonce = std::move(nonce)]() mutable {
    bool exists = false;
    try {
      exists = chat::resolve_channel_access(self->services_->store, channel_id, self->info_.user_id)
                   .found;
    } catch (const std::exception& e) {
      util::LogEvent("gateway.channel_check_failed").add("error", e.what()).warn();
    }
    auto executor = self->executor();
    asio::post(executor, [self = std::move(self), channel_id, nonce = std::move(nonce), exists] {
      if (exists) {
        self->reply_error(chat::error_code(chat::PostError::not_member),
                          chat::error_detail(chat::PostError::not_member), nonce, channel_id);
      } else {
        self->reply_error("not_found", "No such channel.", nonce, channel_id);
      }
    });
  });
}

void GatewaySession::reply_error(std::string_view code, std::string_view detail,
                                 std::string_view nonce, model::Id channel_id) {
  if (!is_open()) return;
  enqueue(realtime::error_frame(code, detail, nonce, channel_id));
  flush();
}

}  // namespace ws

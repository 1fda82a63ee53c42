// The gateway's presence frames (SPEC §11): {"type":"presence","status"} chooses the user's
// status; {"type":"subscribe_members","server_id"} makes this socket follow that server's
// member list (presence.update, member.join, member.leave), replacing the one it followed.
#include <boost/asio/post.hpp>

#include "chat/channel_access.hpp"
#include "chat/permission_cache.hpp"
#include "chat/permissions.hpp"
#include "util/log.hpp"
#include "ws/gateway_session.hpp"

namespace ws {
namespace asio = boost::asio;

void GatewaySession::choose_status(const std::optional<std::string>& status) {
  auto chosen = status ? model::chosen_status_named(*status) : std::nullopt;
  if (!chosen) {
    return reply_error("bad_frame", "status must be one of online, idle, dnd, invisible.", {}, 0);
  }
  services_->presence.choose(info_.user_id, *chosen);
}

// Anyone who may read a server may follow its member list: anyone for a public server, only
// its members for a private one (a member's servers are known without asking the database).
// Reading waits for the answer, so frames after this one see the subscription in place.
void GatewaySession::subscribe_members(std::optional<model::Id> server_id) {
  if (!server_id) return reply_error("bad_frame", "server_id must be a server id.", {}, 0);
  if (owners_.count(*server_id)) return follow_members(*server_id);
  pause_reading();
  auto id = *server_id;
  asio::post(services_->db_pool, [self = self<GatewaySession>(), id] {
    std::optional<bool> exists;
    try {
      auto& store = self->services_->store;
      auto permissions = chat::PermissionCache::load(store, id);
      exists = permissions && chat::may_see_server(store, *permissions, self->info_.user_id);
    } catch (const std::exception& e) {
      util::LogEvent("gateway.server_check_failed").add("error", e.what()).warn();
    }
    auto executor = self->executor();
    asio::post(executor, [self = std::move(self), id, exists] {
      if (self->torn_down()) return;
      if (!exists) {
        self->reply_error("unavailable", "Please try again.", {}, 0);
      } else if (!*exists) {
        self->reply_error("not_found", "No such server.", {}, 0);
      } else {
        self->follow_members(id);
      }
      self->resume_reading();
    });
  });
}

// A server this socket follows without being a member became private (its permission data
// says so on the roster topic): stop following.
void GatewaySession::recheck_roster(const realtime::SubscriptionChange& change) {
  if (change.server_id != members_server_ || owners_.count(change.server_id)) return;
  if (!change.permissions || chat::may_see_server(*change.permissions, info_.user_id, false))
    return;
  services_->hub.unsubscribe(shard(), realtime::members_topic(members_server_), this);
  members_server_ = 0;
}

void GatewaySession::follow_members(model::Id server_id) {
  if (members_server_ == server_id) return;
  auto& hub = services_->hub;
  if (members_server_ != 0)
    hub.unsubscribe(shard(), realtime::members_topic(members_server_), this);
  hub.subscribe(shard(), realtime::members_topic(server_id), this);
  members_server_ = server_id;
}

}  // namespace ws

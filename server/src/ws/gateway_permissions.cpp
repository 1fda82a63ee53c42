// What a gateway may see and do in its servers (SPEC §10), decided from the permission data it
// holds for each server (ready, then every change delivered): no database on this thread.
#include "chat/permissions.hpp"
#include "codec/gateway_json.hpp"
#include "realtime/frames.hpp"
#include "ws/gateway_session.hpp"

namespace ws {
using realtime::channel_topic;

std::optional<std::uint64_t> GatewaySession::permissions_in(model::Id server_id,
                                                            model::Id channel_id) const {
  auto found = permissions_.find(server_id);
  if (found == permissions_.end() || !found->second) return std::nullopt;
  return chat::channel_permissions(*found->second, channel_id, info_.user_id, true);
}

std::int64_t GatewaySession::timeout_in(model::Id server_id) const {
  auto found = permissions_.find(server_id);
  if (found == permissions_.end() || !found->second) return 0;
  return chat::timeout_until(*found->second, info_.user_id);
}

// Roles, overwrites or timeouts changed: follow the channels now visible (channel.create with their
// bits), drop the ones no longer visible (channel.delete), before any later delivery.
void GatewaySession::recheck(const realtime::SubscriptionChange& change) {
  if (!owners_.count(change.server_id) || !change.permissions) return;
  // Sends decide from this server's permission data (permissions_in, timeout_in): the new one
  // from now on, or a member who lost SEND_MESSAGES or was timed out could still post here.
  permissions_[change.server_id] = change.permissions;
  const auto& server = *change.permissions;
  auto& hub = services_->hub;
  for (const auto& channel : change.server_channels) {
    auto bits = chat::channel_permissions(server, channel.id, info_.user_id, true);
    bool visible = chat::has(bits, chat::perm::view_channel);
    bool followed = channel_servers_.count(channel.id) != 0;
    if (visible && !followed) {
      hub.subscribe(shard(), channel_topic(channel.id), this);
      channel_servers_[channel.id] = change.server_id;
      enqueue(realtime::text_frame(
          codec::channel_frame("channel.create", change.server_id, channel, bits)));
    } else if (!visible && followed) {
      hub.unsubscribe(shard(), channel_topic(channel.id), this);
      channel_servers_.erase(channel.id);
      ready_seq_.erase(channel.id);
      enqueue(realtime::text_frame(codec::channel_delete_frame(change.server_id, channel.id)));
    }
  }
}

}  // namespace ws

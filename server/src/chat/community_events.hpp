// Tells open gateways what changed in their servers (SPEC §6): members joining and leaving,
// channels created, renamed and deleted, servers edited and deleted. Each change also says
// which topics the affected gateways join or leave, so that they follow without reconnecting.
// Memberships, channel and server deletions also make this node forget the access it has
// remembered (AccessCache).
// Joins and leaves also go to the server's member-list subscribers (SPEC §11).
#pragma once
#include <string>
#include <vector>

#include "chat/permission_cache.hpp"
#include "model/community.hpp"
#include "presence/presence_tracker.hpp"
#include "realtime/bus.hpp"

namespace chat {

class CommunityEvents {
 public:
  // presence (may be null): told of joins and leaves, for whose presence goes where.
  explicit CommunityEvents(realtime::Bus& bus, presence::PresenceTracker* presence = nullptr)
      : bus_(bus), presence_(presence) {}

  // After the join is stored; server as it is now (its channels with their last seq), with
  // only the channels the newcomer may view, and the permission data that decided it.
  void member_joined(const model::MemberServer& server, model::Id user_id,
                     const std::string& username, ServerPermissionsPtr permissions);
  void member_left(model::Id server_id, const std::vector<model::Id>& channel_ids,
                   model::Id user_id);
  void channel_created(const model::Channel& channel);
  void channel_updated(const model::Channel& channel);
  void channel_deleted(model::Id server_id, model::Id channel_id);
  void server_updated(const model::Server& server);
  void server_deleted(model::Id server_id, const std::vector<model::Id>& channel_ids);
  // Roles, member roles or overwrites of the server changed (SPEC §10), after the change is
  // stored and chat::forget_permissions(server.id) ran: permissions is the data read since.
  // Open gateways re-decide which of the server's channels they follow (channel.create /
  // channel.delete for the ones gained and lost), channel sockets that may no longer view
  // their channel close with 4003. frames (role.*, member.update) follow, to the server's
  // gateways and its member-list subscribers.
  void permissions_changed(const model::MemberServer& server, ServerPermissionsPtr permissions,
                           const std::vector<std::string>& frames = {});
  // The user's channel sockets in these channels close with 4003 (banned).
  void revoke(const std::vector<model::Id>& channel_ids, model::Id user_id);

 private:
  void to_server_and_roster(model::Id server_id, const std::string& frame);

  realtime::Bus& bus_;
  presence::PresenceTracker* presence_;
};

}  // namespace chat

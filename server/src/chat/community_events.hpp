// Tells open gateways what changed in their servers (SPEC §6): members joining and leaving,
// channels created, renamed and deleted, servers edited and deleted. Each change also says
// which topics the affected gateways join or leave, so that they follow without reconnecting.
// Memberships, channel and server deletions also make this node forget the access it has
// remembered (AccessCache).
// Joins and leaves also go to the server's member-list subscribers (SPEC §11).
#pragma once
#include <string>
#include <vector>

#include "model/community.hpp"
#include "presence/presence_tracker.hpp"
#include "realtime/bus.hpp"

namespace chat {

class CommunityEvents {
 public:
  // presence (may be null): told of joins and leaves, for whose presence goes where.
  explicit CommunityEvents(realtime::Bus& bus, presence::PresenceTracker* presence = nullptr)
      : bus_(bus), presence_(presence) {}

  // After the join is stored; server as it is now (its channels with their last seq).
  void member_joined(const model::MemberServer& server, model::Id user_id,
                     const std::string& username);
  void member_left(model::Id server_id, const std::vector<model::Id>& channel_ids,
                   model::Id user_id);
  void channel_created(const model::Channel& channel);
  void channel_updated(const model::Channel& channel);
  void channel_deleted(model::Id server_id, model::Id channel_id);
  void server_updated(const model::Server& server);
  void server_deleted(model::Id server_id, const std::vector<model::Id>& channel_ids);

 private:
  realtime::Bus& bus_;
  presence::PresenceTracker* presence_;
};

}  // namespace chat

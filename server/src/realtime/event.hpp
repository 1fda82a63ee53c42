// What travels from a publisher through the Bus to the sockets that subscribed to a topic:
// a channel (its events and typing), a user (their own events), a server (its membership
// and channel list) or a server's member list (presence).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "model/community.hpp"
#include "model/ids.hpp"
#include "model/server_permissions.hpp"
#include "realtime/wire.hpp"

namespace realtime {

using Topic = std::uint64_t;
constexpr Topic channel_topic(model::Id id) {
  return static_cast<Topic>(id);
}
constexpr Topic user_topic(model::Id id) {
  return (Topic{1} << 62) | static_cast<Topic>(id);
}
constexpr Topic server_topic(model::Id id) {
  return (Topic{2} << 62) | static_cast<Topic>(id);
}
// A server's member list (SPEC §11): presence.update, member.join and member.leave for the
// gateways that sent subscribe_members for it (one such server per gateway).
constexpr Topic members_topic(model::Id id) {
  return (Topic{3} << 62) | static_cast<Topic>(id);
}

// Topics a gateway socket joins or leaves when it receives the delivery (a server joined or
// left, a channel created or deleted), before any later delivery reaches it.
struct SubscriptionChange {
  model::Id server_id = 0;  // the server the channel topics below belong to
  model::Id owner_id = 0;   // its owner (subscribing to a server)
  std::vector<Topic> subscribe;
  std::vector<Topic> unsubscribe;
  // A channel created: each gateway sends its own channel.create frame, with its permissions.
  std::optional<model::Channel> created_channel;
  // The server's permission data as of this change (SPEC §10): gateways keep it to decide what
  // they see and may do there without asking the database.
  std::shared_ptr<const model::ServerPermissions> permissions;
  // Roles or overwrites changed: every channel of the server, for gateways to follow those
  // they may now view and drop (channel.delete) those they may not.
  bool recheck = false;
  std::vector<model::Channel> server_channels;
};

struct Delivery {
  Topic topic = 0;
  model::Id channel_id = 0;   // channel deliveries
  model::Id seq = 0;          // 0: not an event of the log (typing, user and server frames)
  model::Id message_id = 0;   // creation events: resume by message id drops what it replayed
  Wire original;              // frame for the original protocol (/{s}/{c}); null: not sent there
  Wire parley;                // frame for the Parley channel protocol and the gateway
  Wire gateway;               // the gateway's own variant, when it differs (null: parley)
  model::Id except_user = 0;  // a user whose sockets must not get it (the typist)
  model::Id revoke_user = 0;  // channel sockets of this user close with 4003 (left a DM)
  // A member.join / member.leave of this server sent to its member-list subscribers too: a
  // gateway that follows the server gets the server topic's copy and skips this one.
  model::Id roster_server = 0;
  std::shared_ptr<const SubscriptionChange> change;
};

}  // namespace realtime

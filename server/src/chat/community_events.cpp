#include "chat/community_events.hpp"

#include "chat/permissions.hpp"
#include "codec/gateway_json.hpp"
#include "realtime/cluster_notices.hpp"

namespace chat {
namespace {

using realtime::channel_topic;
using realtime::members_topic;
using realtime::server_topic;
using realtime::user_topic;

realtime::Delivery to(realtime::Topic topic, const std::string& frame) {
  realtime::Delivery delivery;
  delivery.topic = topic;
  if (!frame.empty()) delivery.parley = realtime::text_frame(frame);
  return delivery;
}

}  // namespace

void CommunityEvents::member_joined(const model::MemberServer& server, model::Id user_id,
                                    const std::string& username, ServerPermissionsPtr permissions) {
  realtime::ClusterNotices::raise(realtime::Notice::access_changed, server.id);
  // The server's members first: the newcomer's gateways join its topic only after this.
  to_server_and_roster(server.id,
                       codec::member_join_frame(server.id, user_id, username, nullptr, {}));
  auto change = std::make_shared<realtime::SubscriptionChange>();
  change->server_id = server.id;
  change->owner_id = server.owner_id;
  change->permissions = permissions;
  change->subscribe.push_back(server_topic(server.id));
  for (const auto& channel : server.channels)
    change->subscribe.push_back(channel_topic(channel.id));
  auto delivery = to(
      user_topic(user_id),
      codec::member_join_frame(
          server.id, user_id, username, &server,
          [&](const model::MemberServer&, const model::Channel& channel) {
            return permissions ? channel_permissions(*permissions, channel.id, user_id, true) : 0;
          }));
  delivery.change = std::move(change);
  bus_.publish(delivery);
  if (presence_) presence_->member_joined(server.id, user_id);
}

void CommunityEvents::member_left(model::Id server_id, const std::vector<model::Id>& channel_ids,
                                  model::Id user_id) {
  forget_permissions(server_id);  // their roles went with the membership
  // Every member hears it, the leaver's gateways included (still subscribed); then they leave.
  to_server_and_roster(server_id, codec::member_leave_frame(server_id, user_id));
  if (presence_) presence_->member_left(server_id, user_id);
  auto change = std::make_shared<realtime::SubscriptionChange>();
  change->server_id = server_id;
  change->unsubscribe.push_back(server_topic(server_id));
  for (auto id : channel_ids) change->unsubscribe.push_back(channel_topic(id));
  auto delivery = to(user_topic(user_id), {});
  delivery.change = std::move(change);
  bus_.publish(delivery);
}

void CommunityEvents::channel_created(const model::Channel& channel) {
  auto delivery = to(server_topic(channel.server_id), {});
  auto change = std::make_shared<realtime::SubscriptionChange>();
  change->server_id = channel.server_id;
  change->subscribe.push_back(channel_topic(channel.id));
  change->created_channel = channel;
  delivery.change = std::move(change);
  bus_.publish(delivery);
}

void CommunityEvents::channel_updated(const model::Channel& channel) {
  bus_.publish(to(server_topic(channel.server_id),
                  codec::channel_frame("channel.update", channel.server_id, channel)));
}

void CommunityEvents::channel_deleted(model::Id server_id, model::Id channel_id) {
  realtime::ClusterNotices::raise(realtime::Notice::access_changed, server_id);
  auto delivery = to(server_topic(server_id), codec::channel_delete_frame(server_id, channel_id));
  auto change = std::make_shared<realtime::SubscriptionChange>();
  change->server_id = server_id;
  change->unsubscribe.push_back(channel_topic(channel_id));
  delivery.change = std::move(change);
  bus_.publish(delivery);
}

void CommunityEvents::server_updated(const model::Server& server) {
  model::MemberServer shown{server.id, server.name, server.icon, server.owner_id, {}};
  bus_.publish(to(server_topic(server.id), codec::server_update_frame(shown)));
}

void CommunityEvents::server_deleted(model::Id server_id,
                                     const std::vector<model::Id>& channel_ids) {
  forget_permissions(server_id);
  auto delivery = to(server_topic(server_id), codec::server_delete_frame(server_id));
  auto change = std::make_shared<realtime::SubscriptionChange>();
  change->server_id = server_id;
  change->unsubscribe.push_back(server_topic(server_id));
  for (auto id : channel_ids) change->unsubscribe.push_back(channel_topic(id));
  delivery.change = std::move(change);
  bus_.publish(delivery);
}

void CommunityEvents::permissions_changed(const model::MemberServer& server,
                                          ServerPermissionsPtr permissions,
                                          const std::vector<std::string>& frames) {
  auto change = std::make_shared<realtime::SubscriptionChange>();
  change->server_id = server.id;
  change->owner_id = server.owner_id;
  change->permissions = permissions;
  change->recheck = true;
  change->server_channels = server.channels;
  // Gateways through the server's topic; channel sockets through their channel's.
  auto delivery = to(server_topic(server.id), {});
  delivery.change = change;
  bus_.publish(delivery);
  for (const auto& channel : server.channels) {
    auto to_channel = to(channel_topic(channel.id), {});
    to_channel.channel_id = channel.id;
    to_channel.change = change;
    bus_.publish(to_channel);
  }
  // Followers of the member list who are not members: may they still see the server?
  auto to_roster = to(realtime::members_topic(server.id), {});
  to_roster.change = change;
  bus_.publish(to_roster);
  for (const auto& frame : frames) to_server_and_roster(server.id, frame);
}

// The server's members through its topic; gateways following its member list without being
// members (a public server) through the roster topic (they skip it for their own servers).
void CommunityEvents::to_server_and_roster(model::Id server_id, const std::string& frame) {
  auto roster = to(members_topic(server_id), frame);
  roster.roster_server = server_id;
  bus_.publish(roster);
  bus_.publish(to(server_topic(server_id), frame));
}

void CommunityEvents::revoke(const std::vector<model::Id>& channel_ids, model::Id user_id) {
  for (auto id : channel_ids) {
    auto delivery = to(channel_topic(id), {});
    delivery.channel_id = id;
    delivery.revoke_user = user_id;
    bus_.publish(delivery);
  }
}

}  // namespace chat

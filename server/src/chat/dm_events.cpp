#include "chat/dm_events.hpp"

#include <memory>

#include "codec/dm_json.hpp"
#include "realtime/cluster_notices.hpp"

namespace chat {
namespace {

using realtime::channel_topic;
using realtime::user_topic;

realtime::Delivery to_user(model::Id user_id, const std::string& frame) {
  realtime::Delivery delivery;
  delivery.topic = user_topic(user_id);
  delivery.parley = realtime::text_frame(frame);
  return delivery;
}

}  // namespace

void DmEvents::created(const model::DirectChannel& dm) {
  for (const auto& user : dm.recipients) joined(dm, user.id);
}

void DmEvents::blocks_changed() {
  realtime::ClusterNotices::raise(realtime::Notice::access_changed);
}

void DmEvents::updated(const model::DirectChannel& dm) {
  for (const auto& user : dm.recipients) {
    bus_.publish(to_user(user.id, codec::dm_frame("dm.update", dm, user.id)));
  }
}

void DmEvents::joined(const model::DirectChannel& dm, model::Id user_id) {
  realtime::ClusterNotices::raise(
      realtime::Notice::access_changed);  // a remembered "not found" of the newcomer must go
  // server_id 0: the gateway files the channel as a DM.
  auto change = std::make_shared<realtime::SubscriptionChange>();
  change->subscribe.push_back(channel_topic(dm.id));
  auto delivery = to_user(user_id, codec::dm_frame("dm.create", dm, user_id));
  delivery.change = std::move(change);
  bus_.publish(delivery);
}

void DmEvents::left(model::Id channel_id, model::Id user_id) {
  realtime::ClusterNotices::raise(
      realtime::Notice::access_changed);  // they may neither read nor post from now on
  auto change = std::make_shared<realtime::SubscriptionChange>();
  change->unsubscribe.push_back(channel_topic(channel_id));
  auto delivery = to_user(user_id, codec::dm_delete_frame(channel_id));
  delivery.change = std::move(change);
  bus_.publish(delivery);
  realtime::Delivery revoke;
  revoke.topic = channel_topic(channel_id);
  revoke.channel_id = channel_id;
  revoke.revoke_user = user_id;
  bus_.publish(revoke);
}

}  // namespace chat

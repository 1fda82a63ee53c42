#include "realtime/bus_codec.hpp"

#include <gtest/gtest.h>

namespace realtime {
namespace {

TEST(BusCodec, DeliveryRoundTripsEveryField) {
  Delivery d;
  d.topic = server_topic(7);
  d.channel_id = 11;
  d.seq = 42;
  d.message_id = 900;
  d.except_user = 3;
  d.revoke_user = 4;
  d.roster_server = 5;
  d.original = text_frame(R"({"message":"hi"})");
  d.parley = text_frame(std::string(70000, 'x'));  // a 64-bit length header
  auto change = std::make_shared<SubscriptionChange>();
  change->server_id = 7;
  change->owner_id = 8;
  change->subscribe = {channel_topic(1), channel_topic(2)};
  change->unsubscribe = {members_topic(7)};
  model::Channel channel;
  channel.id = 12;
  channel.server_id = 7;
  channel.owner_id = 8;
  channel.name = "général";
  channel.topic = "";
  channel.position = -2;
  channel.last_message_id = 5;
  channel.last_seq = 6;
  change->created_channel = channel;
  d.change = change;

  auto decoded = decode_bus_message(encode_delivery(99, d));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->kind, BusKind::delivery);
  EXPECT_EQ(decoded->node, 99u);
  const auto& out = decoded->delivery;
  EXPECT_EQ(out.topic, d.topic);
  EXPECT_EQ(out.channel_id, 11);
  EXPECT_EQ(out.seq, 42);
  EXPECT_EQ(out.message_id, 900);
  EXPECT_EQ(out.except_user, 3);
  EXPECT_EQ(out.revoke_user, 4);
  EXPECT_EQ(out.roster_server, 5);
  ASSERT_TRUE(out.original && out.parley);
  EXPECT_EQ(*out.original, *d.original);
  EXPECT_EQ(*out.parley, *d.parley);
  EXPECT_FALSE(out.gateway);
  ASSERT_TRUE(out.change);
  EXPECT_EQ(out.change->subscribe, change->subscribe);
  EXPECT_EQ(out.change->unsubscribe, change->unsubscribe);
  ASSERT_TRUE(out.change->created_channel);
  EXPECT_EQ(out.change->created_channel->name, "général");
  EXPECT_EQ(out.change->created_channel->position, -2);
  EXPECT_EQ(out.change->created_channel->last_seq, 6);
}

TEST(BusCodec, NoticeAndHeartbeatRoundTrip) {
  auto notice = decode_bus_message(encode_notice(5, {2, -77}));
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->kind, BusKind::notice);
  EXPECT_EQ(notice->notice.kind, 2);
  EXPECT_EQ(notice->notice.argument, -77);

  BusHeartbeat beat{3, {{10, 100}, {11, 1}}};
  auto heard = decode_bus_message(encode_heartbeat(5, beat));
  ASSERT_TRUE(heard);
  EXPECT_EQ(heard->kind, BusKind::heartbeat);
  EXPECT_EQ(heard->heartbeat.counter, 3u);
  EXPECT_EQ(heard->heartbeat.positions, beat.positions);
}

TEST(BusCodec, RefusesTruncatedTrailingAndForeignBytes) {
  Delivery d;
  d.channel_id = 1;
  d.seq = 1;
  d.parley = text_frame("{}");
  auto bytes = encode_delivery(1, d);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut)
    EXPECT_FALSE(decode_bus_message(bytes.substr(0, cut))) << cut;
  EXPECT_FALSE(decode_bus_message(bytes + "x"));
  auto wrong_version = bytes;
  wrong_version[0] = 2;
  EXPECT_FALSE(decode_bus_message(wrong_version));
  auto wrong_kind = bytes;
  wrong_kind[1] = 9;
  EXPECT_FALSE(decode_bus_message(wrong_kind));
  // A list count far beyond what follows is refused before anything is allocated for it.
  std::string huge = encode_heartbeat(1, {});
  huge[huge.size() - 1] = '\x7f';
  EXPECT_FALSE(decode_bus_message(huge));
}

}  // namespace
}  // namespace realtime

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "codec/event_json.hpp"
#include "codec/message_json.hpp"
#include "realtime/frames.hpp"

namespace {

model::Message sample() {
  model::Message message;
  message.id = 42;
  message.channel_id = 7;
  message.sender_id = 3;
  message.sender = "alice";
  message.content = "hi \"there\"\n\\ \x01 ünï";
  message.timestamp = 1'795'859'412'345'678;
  message.seq = 9;
  return message;
}

// The payload of an unmasked server frame.
std::string_view payload_of(const std::string& frame) {
  auto length = static_cast<unsigned char>(frame[1]) & 0x7F;
  std::size_t header = length == 126 ? 4 : length == 127 ? 10 : 2;
  return std::string_view(frame).substr(header);
}

model::Event create_event(const model::Message& message) {
  return {message.channel_id, message.seq, model::EventKind::message_create, message.id,
          codec::message_create_frame(message, message.seq)};
}

}  // namespace

TEST(Frames, CreateFrameHasSeqAndEveryMessageKeyAndRoundTrips) {
  auto message = sample();
  message.reply_to = model::ReplyPreview{40, false, 5, "bob", "earlier"};
  message.mentions = {5, 8};
  message.reactions = {{"👍", 2, false}};
  auto value = boost::json::parse(codec::message_create_frame(message, 9)).as_object();
  EXPECT_EQ(value.at("type").as_string(), "chat.message");
  EXPECT_EQ(value.at("channel_id").as_int64(), 7);
  EXPECT_EQ(value.at("seq").as_int64(), 9);
  auto& m = value.at("new_message").as_object();
  EXPECT_EQ(m.at("id").as_int64(), 42);
  EXPECT_EQ(m.at("content").as_string(), sample().content);
  EXPECT_EQ(m.at("timestamp").as_string(), "2026-11-28T09:50:12.345678Z");
  EXPECT_TRUE(m.at("edited_at").is_null());
  EXPECT_EQ(m.at("reply_to").as_object().at("sender").as_string(), "bob");
  EXPECT_EQ(m.at("mentions").as_array().size(), 2u);
  EXPECT_FALSE(m.at("mention_everyone").as_bool());
  EXPECT_EQ(m.at("reactions").as_array()[0].as_object().at("count").as_int64(), 2);
  EXPECT_TRUE(m.at("attachments").as_array().empty());
}

TEST(Frames, DeletedMessagesAndQuotesShowOnlyTheirId) {
  auto message = sample();
  message.reply_to = model::ReplyPreview{40, true, 0, "", ""};
  auto value = boost::json::parse(codec::message_create_frame(message, 9)).as_object();
  auto& reply = value.at("new_message").as_object().at("reply_to").as_object();
  EXPECT_EQ(reply.size(), 2u);
  EXPECT_TRUE(reply.at("deleted").as_bool());
  auto replayed =
      boost::json::parse(codec::deleted_message_frame(model::EventKind::message_update, 7, 12, 42));
  EXPECT_EQ(boost::json::serialize(replayed.at("message")), R"({"id":42,"deleted":true})");
}

TEST(Frames, NonceOnlyOnTheParleyProtocolAndTheOriginalFrameKeepsItsShape) {
  auto message = sample();
  auto plain = realtime::event_delivery(create_event(message), &message, {});
  EXPECT_EQ(plain.message_id, 42);
  EXPECT_EQ(plain.seq, 9);
  auto with_nonce = realtime::event_delivery(create_event(message), &message, R"("n-1")");
  auto original = boost::json::parse(payload_of(*with_nonce.original)).as_object();
  auto parley = boost::json::parse(payload_of(*with_nonce.parley)).as_object();
  EXPECT_EQ(original.size(), 2u);  // type and new_message, as the original sent
  EXPECT_EQ(original.at("new_message").as_object().size(), 6u);
  EXPECT_FALSE(original.at("new_message").as_object().contains("nonce"));
  EXPECT_EQ(parley.at("new_message").as_object().at("nonce").as_string(), "n-1");
  EXPECT_FALSE(boost::json::parse(payload_of(*plain.parley))
                   .as_object()
                   .at("new_message")
                   .as_object()
                   .contains("nonce"));
}

TEST(Frames, OtherEventsGoOnlyToTheParleyProtocol) {
  model::Event reaction{7, 10, model::EventKind::reaction_add, 42,
                        codec::reaction_frame(model::EventKind::reaction_add, 7, 10, 42, "👍", 3)};
  auto delivery = realtime::event_delivery(reaction, nullptr, R"("ignored")");
  EXPECT_FALSE(delivery.original);
  EXPECT_EQ(delivery.message_id, 0);
  EXPECT_EQ(payload_of(*delivery.parley),
            R"({"type":"chat.reaction_add","channel_id":7,"seq":10,"message_id":42,)"
            R"("emoji":"👍","user_id":3})");
}

TEST(Frames, TypingSkipsTheTypistsSockets) {
  auto event = realtime::typing_delivery(5, 3, "bob");
  EXPECT_FALSE(event.original);
  EXPECT_EQ(event.except_user, 3);
  EXPECT_EQ(event.seq, 0);
  EXPECT_EQ(payload_of(*event.parley),
            R"({"type":"typing","channel_id":5,"user":"bob","user_id":3})");
}

TEST(Frames, ErrorFrame) {
  auto frame = realtime::error_frame("too_long", "Too long.", "17", 4);
  EXPECT_EQ(payload_of(*frame),
            R"({"type":"error","code":"too_long","detail":"Too long.","nonce":17,"channel_id":4})");
}

TEST(Frames, ReplyPreviewsAreCutAtCodePoints) {
  EXPECT_EQ(codec::cut_to_code_points("héllo", 2), "hé");
  EXPECT_EQ(codec::cut_to_code_points("ab", 5), "ab");
  EXPECT_EQ(codec::cut_to_code_points("👍👍👍", 1), "👍");
}

TEST(Wire, HeaderLengthForms) {
  for (std::size_t size : {0u, 125u, 126u, 65535u, 65536u, 70000u}) {
    std::string payload(size, 'x');
    auto frame = realtime::encode_frame(realtime::Opcode::text, payload);
    EXPECT_EQ(static_cast<unsigned char>(frame[0]), 0x81);
    EXPECT_EQ(payload_of(frame).size(), size) << size;
  }
  auto close = realtime::close_frame(4001);
  EXPECT_EQ(*close, std::string("\x88\x02\x0f\xa1", 4));
}

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "realtime/frames.hpp"

namespace {

chat::Message sample() {
  return {42, 7, 3, "alice", "hi \"there\"\n\\ \x01 ünï", 1'795'859'412'345'678};
}

// The payload of an unmasked server frame.
std::string_view payload_of(const std::string& frame) {
  auto length = static_cast<unsigned char>(frame[1]) & 0x7F;
  std::size_t header = length == 126 ? 4 : length == 127 ? 10 : 2;
  return std::string_view(frame).substr(header);
}

}  // namespace

TEST(Frames, MessagePayloadHasTheContractKeysAndRoundTrips) {
  auto payload = realtime::message_payload(sample());
  EXPECT_EQ(payload.rfind(R"({"type":"chat.message","new_message":{"id":42,"sender":"alice",)", 0),
            0u);
  auto value = boost::json::parse(payload).as_object();
  EXPECT_EQ(value.at("type").as_string(), "chat.message");
  auto& m = value.at("new_message").as_object();
  EXPECT_EQ(m.at("id").as_int64(), 42);
  EXPECT_EQ(m.at("sender").as_string(), "alice");
  EXPECT_EQ(m.at("sender_id").as_int64(), 3);
  EXPECT_EQ(m.at("content").as_string(), sample().content);
  EXPECT_EQ(m.at("timestamp").as_string(), "2026-11-28T09:50:12.345678Z");
  EXPECT_EQ(m.at("channel_id").as_int64(), 7);
  EXPECT_FALSE(m.contains("nonce"));
}

TEST(Frames, NonceOnlyInTheParleyVariantAndOneBufferWithoutNonce) {
  auto plain = realtime::message_event(sample());
  EXPECT_EQ(plain.original.get(), plain.parley.get());  // serialized once, shared
  EXPECT_EQ(plain.message_id, 42);
  EXPECT_EQ(plain.channel_id, 7);

  auto with_nonce = realtime::message_event(sample(), R"("n-1")");
  auto original = boost::json::parse(payload_of(*with_nonce.original)).as_object();
  auto parley = boost::json::parse(payload_of(*with_nonce.parley)).as_object();
  EXPECT_FALSE(original.at("new_message").as_object().contains("nonce"));
  EXPECT_EQ(parley.at("new_message").as_object().at("nonce").as_string(), "n-1");
}

TEST(Frames, TypingIsParleyOnlyAndSkipsTheTypist) {
  int typist = 0;
  auto event = realtime::typing_event(5, "bob", &typist);
  EXPECT_FALSE(event.original);
  EXPECT_EQ(event.except, &typist);
  EXPECT_EQ(payload_of(*event.parley), R"({"type":"typing","user":"bob"})");
}

TEST(Frames, ErrorFrame) {
  auto frame = realtime::error_frame("too_long", "Too long.", "17");
  EXPECT_EQ(payload_of(*frame),
            R"({"type":"error","code":"too_long","detail":"Too long.","nonce":17})");
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

#include <gtest/gtest.h>

#include <string>

#include "chat/chat_service.hpp"
#include "ws/client_request.hpp"

using ws::parse_client_request;

TEST(ClientRequest, MessageWithNonceEchoedAsItCame) {
  auto r = parse_client_request(R"({"type":"message","message":"hi","nonce":"n-1"})");
  EXPECT_TRUE(r.problem.empty());
  EXPECT_EQ(r.type, "message");
  EXPECT_EQ(r.message, "hi");
  EXPECT_EQ(r.nonce_json, "\"n-1\"");
  EXPECT_EQ(parse_client_request(R"({"type":"message","message":"x","nonce":42})").nonce_json,
            "42");
}

TEST(ClientRequest, GatewayFieldsAreIdsOrAbsent) {
  auto r = parse_client_request(R"({"type":"message","channel_id":7,"reply_to":3,"message":"x"})");
  EXPECT_EQ(r.channel_id, 7);
  EXPECT_EQ(r.reply_to, 3);
  auto bad = parse_client_request(R"({"type":"message","channel_id":"7","reply_to":-1})");
  EXPECT_TRUE(bad.channel_id_present);
  EXPECT_FALSE(bad.channel_id);
  EXPECT_TRUE(bad.reply_to_present);
  EXPECT_FALSE(bad.reply_to);
  auto null_reply = parse_client_request(R"({"type":"message","reply_to":null})");
  EXPECT_FALSE(null_reply.reply_to_present);
  auto missing = parse_client_request(R"({"type":"typing"})");
  EXPECT_FALSE(missing.channel_id_present);
}

TEST(ClientRequest, BadFramesSayWhy) {
  EXPECT_EQ(parse_client_request("[1]").problem, "Frames must be JSON objects.");
  EXPECT_EQ(parse_client_request("not json").problem, "Frames must be JSON objects.");
  EXPECT_FALSE(parse_client_request("not json").is_object);
  auto long_nonce = std::string(R"({"type":"typing","nonce":")") +
                    std::string(chat::kMaxNonceBytes + 1, 'n') + "\"}";
  EXPECT_EQ(parse_client_request(long_nonce).problem,
            "nonce must be a short string or an integer.");
  EXPECT_TRUE(parse_client_request(long_nonce).nonce_json.empty());
  EXPECT_FALSE(parse_client_request(R"({"type":"typing","nonce":[1]})").problem.empty());
  auto not_text = parse_client_request(R"({"type":"message","message":5})");
  EXPECT_TRUE(not_text.message_present);
  EXPECT_FALSE(not_text.message);
}

TEST(ClientRequest, TheOriginalProtocolReadsOnlyMessage) {
  // The original ignored "type": what it needs is an object with a string "message".
  auto r = parse_client_request(R"({"message":"hello"})");
  EXPECT_TRUE(r.is_object);
  EXPECT_EQ(r.message, "hello");
  EXPECT_TRUE(r.type.empty());
}

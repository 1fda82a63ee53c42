#include <gtest/gtest.h>

#include <string>

#include "ws/client_message.hpp"

namespace {

using Kind = ws::ClientMessage::Kind;
using ws::Protocol;
using ws::read_client_message;

}  // namespace

TEST(ClientMessage, ParleyMessageWithNonce) {
  auto m =
      read_client_message(R"({"type":"message","message":"hi","nonce":"n-1"})", Protocol::parley);
  EXPECT_EQ(m.kind, Kind::post);
  EXPECT_EQ(m.text, "hi");
  EXPECT_EQ(m.nonce, "\"n-1\"");  // serialized, echoed as it came
  auto numbered =
      read_client_message(R"({"type":"message","message":"x","nonce":42})", Protocol::parley);
  EXPECT_EQ(numbered.nonce, "42");
}

TEST(ClientMessage, ParleyTypingAndBadFrames) {
  EXPECT_EQ(read_client_message(R"({"type":"typing"})", Protocol::parley).kind, Kind::typing);
  auto unknown = read_client_message(R"({"type":"dance","nonce":"a"})", Protocol::parley);
  EXPECT_EQ(unknown.kind, Kind::bad_frame);
  EXPECT_EQ(unknown.detail, "Unknown frame type.");
  EXPECT_EQ(unknown.nonce, "\"a\"");
  EXPECT_EQ(read_client_message("[1]", Protocol::parley).detail, "Frames must be JSON objects.");
  EXPECT_EQ(read_client_message("not json", Protocol::parley).kind, Kind::bad_frame);
  EXPECT_EQ(read_client_message(R"({"type":"message","message":5})", Protocol::parley).detail,
            "\"message\" must be a string.");
  auto long_nonce = std::string(R"({"type":"typing","nonce":")") + std::string(300, 'n') + "\"}";
  EXPECT_EQ(read_client_message(long_nonce, Protocol::parley).detail,
            "nonce must be a short string or an integer.");
  EXPECT_EQ(read_client_message(R"({"type":"typing","nonce":[1]})", Protocol::parley).kind,
            Kind::bad_frame);
}

TEST(ClientMessage, OriginalReadsOnlyMessageAndDropsTheRest) {
  auto m = read_client_message(R"({"message":"hello"})", Protocol::original);
  EXPECT_EQ(m.kind, Kind::post);
  EXPECT_EQ(m.text, "hello");
  EXPECT_TRUE(m.nonce.empty());  // the original protocol has no nonce
  EXPECT_EQ(read_client_message(R"({"type":"whatever","message":"x"})", Protocol::original).kind,
            Kind::post);
  EXPECT_EQ(read_client_message(R"({"type":"typing","message":"x"})", Protocol::original).kind,
            Kind::ignore);
  EXPECT_EQ(read_client_message(R"({"text":"x"})", Protocol::original).kind, Kind::ignore);
}

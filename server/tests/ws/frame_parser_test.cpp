#include <gtest/gtest.h>

#include <string>

#include "ws/frame_parser.hpp"

namespace {

// A masked client frame.
std::string client_frame(std::uint8_t first_byte, const std::string& payload) {
  std::string frame;
  frame.push_back(static_cast<char>(first_byte));
  const unsigned char key[4] = {0x12, 0x34, 0x56, 0x78};
  if (payload.size() < 126) {
    frame.push_back(static_cast<char>(0x80 | payload.size()));
  } else {
    frame.push_back(static_cast<char>(0x80 | 126));
    frame.push_back(static_cast<char>(payload.size() >> 8));
    frame.push_back(static_cast<char>(payload.size() & 0xFF));
  }
  frame.append(reinterpret_cast<const char*>(key), 4);
  for (std::size_t i = 0; i < payload.size(); ++i) frame.push_back(payload[i] ^ key[i & 3]);
  return frame;
}

}  // namespace

TEST(FrameParser, UnmasksACompleteTextFrame) {
  auto frame = client_frame(0x81, R"({"type":"message","message":"hi"})");
  auto result = ws::parse_client_frame(frame.data(), frame.size(), 65536);
  ASSERT_EQ(result.status, ws::ParseStatus::frame);
  EXPECT_TRUE(result.frame.fin);
  EXPECT_EQ(result.frame.opcode, ws::kText);
  EXPECT_EQ(std::string(result.frame.payload, result.frame.size),
            R"({"type":"message","message":"hi"})");
  EXPECT_EQ(result.consumed, frame.size());
}

TEST(FrameParser, NeedsMoreUntilTheWholeFrameIsThere) {
  auto frame = client_frame(0x81, std::string(300, 'a'));
  for (std::size_t cut : {0u, 1u, 3u, 7u, 100u, 305u}) {
    EXPECT_EQ(ws::parse_client_frame(frame.data(), cut, 65536).status, ws::ParseStatus::need_more)
        << cut;
  }
  EXPECT_EQ(ws::parse_client_frame(frame.data(), frame.size(), 65536).status,
            ws::ParseStatus::frame);
}

TEST(FrameParser, RefusesUnmaskedReservedBitsAndBadControlFrames) {
  std::string unmasked = "\x81\x02hi";
  EXPECT_EQ(ws::parse_client_frame(unmasked.data(), unmasked.size(), 65536).status,
            ws::ParseStatus::protocol_error);
  auto rsv = client_frame(0xC1, "x");
  EXPECT_EQ(ws::parse_client_frame(rsv.data(), rsv.size(), 65536).status,
            ws::ParseStatus::protocol_error);
  auto fragmented_ping = client_frame(0x09, "x");
  EXPECT_EQ(ws::parse_client_frame(fragmented_ping.data(), fragmented_ping.size(), 65536).status,
            ws::ParseStatus::protocol_error);
  auto bad_opcode = client_frame(0x83, "x");
  EXPECT_EQ(ws::parse_client_frame(bad_opcode.data(), bad_opcode.size(), 65536).status,
            ws::ParseStatus::protocol_error);
}

TEST(FrameParser, TooBigIsKnownFromTheHeaderAlone) {
  auto frame = client_frame(0x81, std::string(1000, 'a'));
  EXPECT_EQ(ws::parse_client_frame(frame.data(), 8, 999).status, ws::ParseStatus::too_big);
  EXPECT_EQ(ws::parse_client_frame(frame.data(), frame.size(), 1000).status,
            ws::ParseStatus::frame);
}

TEST(FrameParser, RefusesA64BitLengthWithItsTopBitSet) {
  std::string header = {'\x81', static_cast<char>(0x80 | 127), '\x80', 0, 0, 0, 0, 0, 0, 1};
  header.append(4, '\0');  // masking key
  EXPECT_EQ(ws::parse_client_frame(header.data(), header.size(), 65536).status,
            ws::ParseStatus::protocol_error);
  header[2] = '\x7f';  // huge but legal: too big for the limit
  EXPECT_EQ(ws::parse_client_frame(header.data(), header.size(), 65536).status,
            ws::ParseStatus::too_big);
}

TEST(FrameParser, RefusesEveryReservedOpcode) {
  for (int opcode : {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
    auto frame = client_frame(static_cast<std::uint8_t>(0x80 | opcode), "x");
    EXPECT_EQ(ws::parse_client_frame(frame.data(), frame.size(), 65536).status,
              ws::ParseStatus::protocol_error)
        << opcode;
  }
}

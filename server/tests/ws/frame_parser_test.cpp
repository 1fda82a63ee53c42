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

TEST(FrameParser, PartialTextFailsAsSoonAsItCannotBeUtf8) {
  std::string kosme = "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5";
  auto frame = client_frame(0x81, kosme + "\xf4\x90\x80\x80" + "edited");
  const std::size_t header = 6;
  // Up to the F4 everything may still be fine; the 90 after it never is.
  for (std::size_t size = 0; size <= header + kosme.size() + 1; ++size) {
    EXPECT_TRUE(ws::partial_frame_text_may_be_valid(frame.data(), size, nullptr)) << size;
  }
  EXPECT_FALSE(
      ws::partial_frame_text_may_be_valid(frame.data(), header + kosme.size() + 2, nullptr));
  // The frame itself is left masked for the parser.
  auto result = ws::parse_client_frame(frame.data(), frame.size(), 65536);
  ASSERT_EQ(result.status, ws::ParseStatus::frame);
  EXPECT_EQ(std::string(result.frame.payload, result.frame.size),
            kosme + "\xf4\x90\x80\x80" + "edited");
}

TEST(FrameParser, PartialContinuationContinuesTheMessagesText) {
  ws::Utf8Validator so_far;
  ASSERT_TRUE(so_far.feed("ab\xe2\x82"));  // a code point open at the fragment's end
  auto good = client_frame(0x80, std::string("\xac") + "more");
  auto bad = client_frame(0x80, std::string("\x41") + "more");
  EXPECT_TRUE(ws::partial_frame_text_may_be_valid(good.data(), good.size() - 2, &so_far));
  EXPECT_FALSE(ws::partial_frame_text_may_be_valid(bad.data(), bad.size() - 2, &so_far));
  // Not text: a binary frame or a continuation of a binary message is never judged.
  auto binary = client_frame(0x02, "\xff\xff\xff");
  EXPECT_TRUE(ws::partial_frame_text_may_be_valid(binary.data(), binary.size() - 1, nullptr));
  EXPECT_TRUE(ws::partial_frame_text_may_be_valid(bad.data(), bad.size() - 2, nullptr));
  // Long frames (16-bit length) too.
  auto long_frame = client_frame(0x81, std::string(300, 'a') + "\xff" + std::string(100, 'b'));
  EXPECT_TRUE(ws::partial_frame_text_may_be_valid(long_frame.data(), 8 + 300, nullptr));
  EXPECT_FALSE(ws::partial_frame_text_may_be_valid(long_frame.data(), 8 + 301, nullptr));
}

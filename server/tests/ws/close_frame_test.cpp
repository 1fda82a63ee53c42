#include <gtest/gtest.h>

#include <string>

#include "ws/close_frame.hpp"

namespace {

std::string close_payload(int code, std::string reason = {}) {
  std::string out;
  out.push_back(static_cast<char>(code >> 8));
  out.push_back(static_cast<char>(code & 0xFF));
  return out + reason;
}

}  // namespace

TEST(CloseFrame, CodesThatMayBeSent) {
  for (int code = 0; code < 65536; ++code) {
    bool expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                    (code >= 3000 && code <= 4999);
    EXPECT_EQ(ws::close_code_may_be_sent(static_cast<std::uint16_t>(code)), expected) << code;
  }
  // The three that only report what happened locally, spelled out.
  EXPECT_FALSE(ws::close_code_may_be_sent(1005));
  EXPECT_FALSE(ws::close_code_may_be_sent(1006));
  EXPECT_FALSE(ws::close_code_may_be_sent(1015));
}

TEST(CloseFrame, AnEmptyCloseIsWellFormedWithoutACode) {
  auto close = ws::read_peer_close({});
  EXPECT_TRUE(close.well_formed);
  EXPECT_FALSE(close.code);
}

TEST(CloseFrame, AOneBytePayloadIsAProtocolError) {
  EXPECT_FALSE(ws::read_peer_close(std::string(1, '\x03')).well_formed);
  EXPECT_FALSE(ws::read_peer_close(std::string(1, '\0')).well_formed);
}

TEST(CloseFrame, ValidCodesAreKeptWithOrWithoutAReason) {
  for (int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000,
                   3999, 4000, 4001, 4999}) {
    auto close = ws::read_peer_close(close_payload(code));
    EXPECT_TRUE(close.well_formed) << code;
    EXPECT_EQ(close.code, code);
    auto with_reason = ws::read_peer_close(close_payload(code, "bye \xce\xba\xe1\xbd\xb9"));
    EXPECT_TRUE(with_reason.well_formed) << code;
    EXPECT_EQ(with_reason.code, code);
  }
  EXPECT_TRUE(ws::read_peer_close(close_payload(1000, std::string(123, '*'))).well_formed);
}

TEST(CloseFrame, InvalidCodesFailTheConnection) {
  for (int code : {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
    auto close = ws::read_peer_close(close_payload(code));
    EXPECT_FALSE(close.well_formed) << code;
    EXPECT_FALSE(close.code) << code;
  }
}

TEST(CloseFrame, AReasonThatIsNotUtf8FailsTheConnection) {
  EXPECT_FALSE(
      ws::read_peer_close(close_payload(1000, "\xce\xba\xe1\xbd\xb9\xed\xa0\x80")).well_formed);
  EXPECT_FALSE(ws::read_peer_close(close_payload(1000, "\xff")).well_formed);
  EXPECT_FALSE(ws::read_peer_close(close_payload(1000, "abc\xe2\x82")).well_formed);  // cut
}

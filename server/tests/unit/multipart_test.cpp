#include <gtest/gtest.h>

#include "api/request_io.hpp"
#include "chat/community_rules.hpp"
#include "http/multipart.hpp"

namespace {

TEST(MultipartBoundary, ParsesPlainAndQuoted) {
  EXPECT_EQ(http::multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(http::multipart_boundary("Multipart/Form-Data; charset=x; boundary=\"a b:c\""),
            "a b:c");
  EXPECT_FALSE(http::multipart_boundary("application/json"));
  EXPECT_FALSE(http::multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(http::multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
  EXPECT_FALSE(http::multipart_boundary("multipart/form-data; boundary=a\x01"));
}

TEST(Multipart, ParsesFieldsAndFiles) {
  std::string body =
      "preamble\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
      "hello\r\n"
      "--XyZ\r\n"
      "content-disposition: form-data; name=\"file\"; filename=\"a \\\"q\\\".png\"\r\n"
      "Content-Type: Image/PNG\r\n\r\n"
      "\x89PNG\r\n--Xy binary\r\n"
      "--XyZ--\r\n";
  auto result = http::parse_multipart(body, "XyZ");
  ASSERT_TRUE(result.error.empty()) << result.error;
  ASSERT_EQ(result.parts.size(), 2u);
  EXPECT_EQ(result.parts[0].name, "title");
  EXPECT_FALSE(result.parts[0].filename);
  EXPECT_EQ(result.parts[0].body, "hello");
  const auto* file = http::find_part(result, "file");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->filename, "a \"q\".png");
  EXPECT_EQ(file->content_type, "image/png");
  EXPECT_EQ(file->body, "\x89PNG\r\n--Xy binary");
  EXPECT_FALSE(http::find_part(result, "nothing"));
}

TEST(Multipart, RefusesMalformedBodies) {
  EXPECT_FALSE(http::parse_multipart("no boundary here", "b").error.empty());
  // Truncated: no closing delimiter.
  EXPECT_FALSE(
      http::parse_multipart("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nabc", "b")
          .error.empty());
  // Headers never end.
  EXPECT_FALSE(http::parse_multipart("--b\r\nContent-Disposition: form-data", "b").error.empty());
  // No Content-Disposition, or not form-data.
  EXPECT_FALSE(http::parse_multipart("--b\r\nX: y\r\n\r\nabc\r\n--b--", "b").error.empty());
  EXPECT_FALSE(http::parse_multipart("--b\r\nContent-Disposition: attachment; name=\"f\"\r\n\r\n"
                                     "abc\r\n--b--",
                                     "b")
                   .error.empty());
  // Oversized part headers.
  std::string big =
      "--b\r\nContent-Disposition: form-data; name=\"f\"\r\nX: " + std::string(5000, 'x') +
      "\r\n\r\nabc\r\n--b--";
  EXPECT_FALSE(http::parse_multipart(big, "b").error.empty());
}

TEST(Multipart, LimitsTheNumberOfParts) {
  std::string body;
  for (int i = 0; i < 20; ++i) {
    body +=
        "--b\r\nContent-Disposition: form-data; name=\"f" + std::to_string(i) + "\"\r\n\r\nv\r\n";
  }
  body += "--b--";
  EXPECT_FALSE(http::parse_multipart(body, "b").error.empty());
  EXPECT_TRUE(http::parse_multipart(body, "b", {.max_parts = 32}).error.empty());
}

TEST(Validation, StrictIds) {
  EXPECT_EQ(api::parse_id("0"), 0);
  EXPECT_EQ(api::parse_id("007"), 7);
  EXPECT_EQ(api::parse_id("9223372036854775807"), INT64_MAX);
  for (auto bad : {"", "-1", "+1", "1.5", "1e3", " 1", "1 ", "abc", "9223372036854775808",
                   "99999999999999999999999"}) {
    EXPECT_FALSE(api::parse_id(bad)) << bad;
  }
}

TEST(Validation, TextFields) {
  EXPECT_EQ(chat::text_error("ok", 100, false), "");
  EXPECT_EQ(chat::text_error("   ", 100, false), "This field may not be blank.");
  EXPECT_EQ(chat::text_error("", 100, true), "");
  EXPECT_EQ(chat::text_error(std::string(101, 'a'), 100, false),
            "Ensure this field has no more than 100 characters.");
  std::string accents;
  for (int i = 0; i < 100; ++i) accents += "é";
  EXPECT_EQ(chat::text_error(accents, 100, false), "");
  EXPECT_EQ(chat::character_count(accents), 100u);
  EXPECT_EQ(chat::trim("  a b \t"), "a b");
}

}  // namespace

#include "http/cookies.hpp"

#include <gtest/gtest.h>

namespace {

using http::find_cookie;

TEST(Cookies, FindsACookieInAnyLayout) {
  EXPECT_EQ(find_cookie("access_token=abc", "access_token"), "abc");
  EXPECT_EQ(find_cookie("a=1; access_token=abc; b=2", "access_token"), "abc");
  EXPECT_EQ(find_cookie("a=1;access_token=abc;b=2", "access_token"), "abc");
  EXPECT_EQ(find_cookie("  a=1 ;\taccess_token = abc ; ", "access_token"), "abc");
  EXPECT_EQ(find_cookie("access_token=\"abc\"", "access_token"), "abc");
  EXPECT_EQ(find_cookie("x_access_token=no; access_token=yes", "access_token"), "yes");
  EXPECT_EQ(find_cookie("access_token=first; access_token=second", "access_token"), "first");
}

TEST(Cookies, KeepsValuesContainingEquals) {
  EXPECT_EQ(find_cookie("access_token=a=b==; other=1", "access_token"), "a=b==");
}

TEST(Cookies, NeverTripsOverOddHeaders) {
  EXPECT_EQ(find_cookie("", "access_token"), std::nullopt);
  EXPECT_EQ(find_cookie(";;;", "access_token"), std::nullopt);
  EXPECT_EQ(find_cookie("access_token", "access_token"), std::nullopt);
  EXPECT_EQ(find_cookie("novalue; access_token=t", "access_token"), "t");
  EXPECT_EQ(find_cookie("=x; access_token=", "access_token"), "");
  EXPECT_EQ(find_cookie("access_token=\"", "access_token"), "\"");
  EXPECT_EQ(find_cookie("a=1", ""), std::nullopt);
}

TEST(Cookies, ReadsEveryCookieHeaderOfARequest) {
  http::Request request;
  EXPECT_EQ(find_cookie(request, "access_token"), std::nullopt);
  request.insert(http::bhttp::field::cookie, "a=1");
  request.insert(http::bhttp::field::cookie, "access_token=tok");
  EXPECT_EQ(find_cookie(request, "access_token"), "tok");
}

TEST(Cookies, ReadsBearerTokens) {
  http::Request request;
  EXPECT_EQ(http::bearer_token(request), std::nullopt);
  request.set(http::bhttp::field::authorization, "Bearer abc.def.ghi");
  EXPECT_EQ(http::bearer_token(request), "abc.def.ghi");
  request.set(http::bhttp::field::authorization, "bearer   xyz  ");
  EXPECT_EQ(http::bearer_token(request), "xyz");
  for (auto odd : {"Bearer", "Bearer ", "Basic abc", "Bearerabc", ""}) {
    request.set(http::bhttp::field::authorization, odd);
    EXPECT_EQ(http::bearer_token(request), std::nullopt) << odd;
  }
}

TEST(Cookies, WritesSetCookieWithEveryAttribute) {
  EXPECT_EQ(http::set_cookie_header("access_token", "v", {.path = "/", .max_age = 300}),
            "access_token=v; Path=/; Max-Age=300; HttpOnly; SameSite=Lax");
  EXPECT_EQ(http::set_cookie_header("refresh_token", "v",
                                    {.path = "/api/", .max_age = 86400, .secure = true}),
            "refresh_token=v; Path=/api/; Max-Age=86400; HttpOnly; SameSite=Lax; Secure");
  EXPECT_EQ(http::set_cookie_header("access_token", "", {.path = "/", .max_age = 0}),
            "access_token=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; "
            "SameSite=Lax");
}

}  // namespace

#include "auth/jwt.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace {

using auth::JwtCodec;
using auth::TokenClaims;
using auth::TokenError;
using auth::TokenType;

constexpr std::int64_t kNow = 1'800'000'000;
const std::string kKey = "test-key-0123456789-0123456789-0123456789";

TokenClaims claims(TokenType type = TokenType::access, std::int64_t lifetime = 300) {
  return TokenClaims{type, 42, 7, kNow, kNow + lifetime, "0123456789abcdef0123456789abcdef"};
}

std::string b64(std::string_view text) {
  return auth::base64url_encode(text);
}

// A token with any header and payload, signed with kKey over exactly those bytes.
std::string forge(std::string_view header, std::string_view payload, std::string_view key = kKey) {
  std::string input = b64(header) + "." + b64(payload);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(input.data()),
                                input.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return input + "." + b64(std::string_view(reinterpret_cast<char*>(mac), sizeof mac));
}

std::string payload_json(const TokenClaims& c) {
  return boost::json::serialize(
      boost::json::value{{"token_type", c.type == TokenType::access ? "access" : "refresh"},
                         {"exp", c.expires_at},
                         {"iat", c.issued_at},
                         {"jti", c.jti},
                         {"user_id", c.user_id},
                         {"sid", c.session_id}});
}

TokenError error_of(const JwtCodec& codec, std::string_view token,
                    TokenType expected = TokenType::access, std::int64_t now = kNow) {
  return codec.verify(token, expected, now).error;
}

TEST(Jwt, RoundTripKeepsEveryClaim) {
  JwtCodec codec(kKey);
  auto token = codec.encode(claims());
  auto verified = codec.verify(token, TokenType::access, kNow + 10);
  ASSERT_EQ(verified.error, TokenError::none);
  EXPECT_EQ(verified.claims->user_id, 42);
  EXPECT_EQ(verified.claims->session_id, 7);
  EXPECT_EQ(verified.claims->issued_at, kNow);
  EXPECT_EQ(verified.claims->expires_at, kNow + 300);
  EXPECT_EQ(verified.claims->jti, "0123456789abcdef0123456789abcdef");
}

TEST(Jwt, HeaderIsHs256AndPayloadHasSimplejwtClaims) {
  JwtCodec codec(kKey);
  auto token = codec.encode(claims(TokenType::refresh));
  auto dot = token.find('.');
  auto header = boost::json::parse(*auth::base64url_decode(token.substr(0, dot)));
  EXPECT_EQ(header.at("alg"), "HS256");
  auto payload_part = token.substr(dot + 1, token.rfind('.') - dot - 1);
  auto payload = boost::json::parse(*auth::base64url_decode(payload_part)).as_object();
  EXPECT_EQ(payload.at("token_type"), "refresh");
  for (auto name : {"exp", "iat", "jti", "user_id", "sid"})
    EXPECT_TRUE(payload.contains(name)) << name;
}

TEST(Jwt, SignatureIsStandardHmacSha256) {
  // The example token of jwt.io (secret "your-256-bit-secret"): the signature checks out, so
  // the refusal is about the claims it lacks, not the signature.
  JwtCodec codec("your-256-bit-secret");
  std::string token =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwia"
      "WF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  EXPECT_EQ(error_of(codec, token), TokenError::bad_claims);
  JwtCodec other("another-secret");
  EXPECT_EQ(error_of(other, token), TokenError::bad_signature);
}

TEST(Jwt, RefusesAlgNone) {
  JwtCodec codec(kKey);
  auto payload = payload_json(claims());
  std::string unsigned_token = b64(R"({"alg":"none","typ":"JWT"})") + "." + b64(payload) + ".";
  EXPECT_EQ(error_of(codec, unsigned_token), TokenError::unsupported_algorithm);
  EXPECT_EQ(error_of(codec, forge(R"({"alg":"none","typ":"JWT"})", payload)),
            TokenError::unsupported_algorithm);
  EXPECT_EQ(error_of(codec, forge(R"({"alg":"None"})", payload)),
            TokenError::unsupported_algorithm);
  EXPECT_EQ(error_of(codec, forge(R"({"typ":"JWT"})", payload)), TokenError::unsupported_algorithm);
}

TEST(Jwt, RefusesOtherAlgorithmsEvenWithAValidMac) {
  JwtCodec codec(kKey);
  auto payload = payload_json(claims());
  for (auto alg : {"HS384", "HS512", "RS256", "ES256", "hs256"}) {
    std::string header = std::string(R"({"alg":")") + alg + R"(","typ":"JWT"})";
    EXPECT_EQ(error_of(codec, forge(header, payload)), TokenError::unsupported_algorithm) << alg;
  }
  EXPECT_EQ(error_of(codec, forge(R"({"alg":"HS256","crit":["b64"]})", payload)),
            TokenError::unsupported_algorithm);
  EXPECT_EQ(error_of(codec, forge(R"({"alg":"HS256"})", payload)), TokenError::none);
}

TEST(Jwt, RefusesTamperedPayloadAndSignature) {
  JwtCodec codec(kKey);
  auto token = codec.encode(claims());
  auto first = token.find('.');
  auto second = token.rfind('.');
  auto evil = claims();
  evil.user_id = 1;
  std::string tampered_payload =
      token.substr(0, first + 1) + b64(payload_json(evil)) + token.substr(second);
  EXPECT_EQ(error_of(codec, tampered_payload), TokenError::bad_signature);

  std::string tampered_signature = token;
  tampered_signature[second + 5] = tampered_signature[second + 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(error_of(codec, tampered_signature), TokenError::bad_signature);
  EXPECT_EQ(error_of(codec, token.substr(0, token.size() - 1)), TokenError::bad_signature);
  EXPECT_EQ(error_of(codec, token + "A"), TokenError::bad_signature);
  EXPECT_EQ(error_of(JwtCodec("some-other-key-0123456789-0123456789"), token),
            TokenError::bad_signature);
}

TEST(Jwt, RefusesTheWrongTokenTypeBothWays) {
  JwtCodec codec(kKey);
  EXPECT_EQ(error_of(codec, codec.encode(claims(TokenType::refresh)), TokenType::access),
            TokenError::wrong_type);
  EXPECT_EQ(error_of(codec, codec.encode(claims(TokenType::access)), TokenType::refresh),
            TokenError::wrong_type);
  auto odd = boost::json::parse(payload_json(claims())).as_object();
  odd["token_type"] = "id";
  EXPECT_EQ(error_of(codec, forge(R"({"alg":"HS256"})", boost::json::serialize(odd))),
            TokenError::wrong_type);
}

TEST(Jwt, RefusesExpiredTokensWithASmallLeeway) {
  JwtCodec codec(kKey);
  auto token = codec.encode(claims(TokenType::access, 5));
  EXPECT_EQ(error_of(codec, token, TokenType::access, kNow + 5), TokenError::none);
  EXPECT_EQ(error_of(codec, token, TokenType::access, kNow + 6), TokenError::expired);
  EXPECT_EQ(error_of(codec, token, TokenType::access, kNow + 3600), TokenError::expired);
  // Logout looks past expiry, never past the signature.
  EXPECT_EQ(codec.verify(token, TokenType::access, kNow + 3600, false).error, TokenError::none);
}

TEST(Jwt, RefusesGarbage) {
  JwtCodec codec(kKey);
  auto good = codec.encode(claims());
  auto first = good.find('.');
  auto second = good.rfind('.');
  std::string huge = good.substr(0, first + 1) + std::string(5000, 'A') + good.substr(second);
  for (std::string garbage :
       {std::string(), std::string("abc"), std::string("a.b"), std::string("a.b.c.d"),
        std::string(".."), std::string("..."), good + ".x", std::string("!!!.???.***"),
        b64("not json") + "." + good.substr(first + 1), huge,
        b64("[1,2]") + "." + good.substr(first + 1), std::string(10000, '.'),
        good.substr(0, first) + "=" + good.substr(first)}) {
    EXPECT_NE(error_of(codec, garbage), TokenError::none) << garbage.substr(0, 60);
  }
  // Properly signed but the payload is not a JSON object, or a claim has the wrong type.
  EXPECT_EQ(error_of(codec, forge(R"({"alg":"HS256"})", "not json")), TokenError::malformed);
  EXPECT_EQ(error_of(codec, forge(R"({"alg":"HS256"})", "[]")), TokenError::malformed);
  auto text_user = boost::json::parse(payload_json(claims())).as_object();
  text_user["user_id"] = "42";
  EXPECT_EQ(error_of(codec, forge(R"({"alg":"HS256"})", boost::json::serialize(text_user))),
            TokenError::bad_claims);
  EXPECT_EQ(error_of(codec, forge(R"({"alg":"HS256"})", R"({"token_type":"access"})")),
            TokenError::bad_claims);
}

TEST(Jwt, Base64urlDecodingIsStrict) {
  EXPECT_EQ(auth::base64url_decode("aGk"), std::optional<std::string>("hi"));
  EXPECT_FALSE(auth::base64url_decode("aGk="));  // padding
  EXPECT_FALSE(auth::base64url_decode("aGl"));   // non-canonical trailing bits
  EXPECT_FALSE(auth::base64url_decode("a+/k"));  // standard alphabet
  EXPECT_FALSE(auth::base64url_decode("a"));     // impossible length
}

TEST(Jwt, TokenIdsAreRandom) {
  auto a = auth::random_token_id();
  auto b = auth::random_token_id();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

}  // namespace

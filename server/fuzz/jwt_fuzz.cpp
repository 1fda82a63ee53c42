// JWT verification (auth/jwt): tokens as they come, and tokens whose signature is right (so
// that the claims are read too: the fuzzer cannot forge a signature by itself).
#include <sodium.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "auth/jwt.hpp"
#include "fuzz_check.hpp"

namespace {

constexpr std::string_view kKey = "fuzzing-key-0123456789abcdef0123456789abcdef";
constexpr std::int64_t kNow = 1'700'000'000;

const auth::JwtCodec& codec() {
  static const auth::JwtCodec instance(kKey);
  return instance;
}

std::string hmac_base64url(std::string_view input) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(kKey.data()),
                              kKey.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(input.data()),
                                input.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return auth::base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

void verify_all_ways(std::string_view token) {
  for (auto type : {auth::TokenType::access, auth::TokenType::refresh}) {
    for (bool check_expiry : {true, false}) {
      auto result = codec().verify(token, type, kNow, check_expiry);
      FUZZ_CHECK(result.claims.has_value() == (result.error == auth::TokenError::none));
      if (!result.claims) continue;
      FUZZ_CHECK(result.claims->type == type);
      FUZZ_CHECK(!result.claims->jti.empty());
      // As the codec compares: exp may be INT64_MAX, where exp + leeway would overflow.
      if (check_expiry) FUZZ_CHECK(kNow - auth::kClockLeewaySeconds < result.claims->expires_at);
      // What verifies re-encodes into a token that verifies to the same claims.
      auto again = codec().verify(codec().encode(*result.claims), type, kNow, false);
      FUZZ_CHECK(again.claims && again.claims->user_id == result.claims->user_id &&
                 again.claims->session_id == result.claims->session_id &&
                 again.claims->expires_at == result.claims->expires_at &&
                 again.claims->jti == result.claims->jti);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.empty()) return 0;
  // First byte: 'T' the rest is a token; otherwise the rest is a header and a payload (JSON,
  // split at the first newline) that the harness signs with the key.
  char mode = input.front();
  input.remove_prefix(1);
  if (mode == 'T') {
    verify_all_ways(input);
    if (auto decoded = auth::base64url_decode(input)) {
      FUZZ_CHECK(auth::base64url_encode(*decoded) == input);  // canonical only
    }
    return 0;
  }
  auto newline = input.find('\n');
  std::string_view header = newline == std::string_view::npos ? R"({"alg":"HS256","typ":"JWT"})"
                                                              : input.substr(0, newline);
  std::string_view payload = newline == std::string_view::npos ? input : input.substr(newline + 1);
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about chained operator+.
  std::string token = auth::base64url_encode(header);
  token.push_back('.');
  token.append(auth::base64url_encode(payload));
  std::string signature = hmac_base64url(token);
  token.push_back('.');
  token.append(signature);
  verify_all_ways(token);
  return 0;
}

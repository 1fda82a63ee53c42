// JSON Web Tokens as Parley issues them: HS256 only, simplejwt's claims (token_type, exp,
// iat, jti, user_id) plus sid, the login session. Verification is strict: anything that is
// not exactly a token this key signed, of the expected type and not expired, is refused.
#pragma once
#include <sodium.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace auth {

enum class TokenType { access, refresh };

struct TokenClaims {
  TokenType type = TokenType::access;
  std::int64_t user_id = 0;
  std::int64_t session_id = 0;  // "sid"
  std::int64_t issued_at = 0;   // "iat", seconds since the epoch
  std::int64_t expires_at = 0;  // "exp", seconds since the epoch
  std::string jti;
};

enum class TokenError {
  none,
  malformed,              // not three base64url parts of JSON, or too large
  unsupported_algorithm,  // alg is not HS256 (including "none")
  bad_signature,
  bad_claims,  // a claim missing or of the wrong type
  wrong_type,  // an access token where a refresh token is expected, or the reverse
  expired,
};

std::string_view to_string(TokenError error);

struct VerifiedToken {
  std::optional<TokenClaims> claims;  // set when error == none
  TokenError error = TokenError::none;
};

constexpr std::size_t kMaxTokenBytes = 4096;
constexpr std::int64_t kClockLeewaySeconds = 1;

class JwtCodec {
 public:
  // The key is used as is (any length; HMAC hashes keys longer than a block).
  explicit JwtCodec(std::string_view key);

  std::string encode(const TokenClaims& claims) const;

  // check_expiry=false still checks everything else (logout accepts an expired token to
  // find the session it should revoke).
  VerifiedToken verify(std::string_view token, TokenType expected, std::int64_t now_seconds,
                       bool check_expiry = true) const;

 private:
  std::string sign(std::string_view signing_input) const;  // base64url, 43 characters

  crypto_auth_hmacsha256_state keyed_;  // HMAC state after the key: copied per token
};

// Unpadded base64url (RFC 4648 §5). decode returns nullopt for anything else.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

// 128 random bits as 32 hex digits (jti values).
std::string random_token_id();

}  // namespace auth

#include "auth/jwt.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstring>
#include <stdexcept>

namespace auth {
namespace {

constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

std::optional<boost::json::object> parse_object(std::string_view segment) {
  auto decoded = base64url_decode(segment);
  if (!decoded) return std::nullopt;
  boost::json::error_code ec;
  auto value = boost::json::parse(*decoded, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::optional<std::int64_t> integer_claim(const boost::json::object& payload,
                                          std::string_view name) {
  auto* value = payload.if_contains(name);
  if (!value) return std::nullopt;
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(value->get_uint64());
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(TokenError error) {
  switch (error) {
    case TokenError::none:
      return "none";
    case TokenError::malformed:
      return "malformed";
    case TokenError::unsupported_algorithm:
      return "unsupported_algorithm";
    case TokenError::bad_signature:
      return "bad_signature";
    case TokenError::bad_claims:
      return "bad_claims";
    case TokenError::wrong_type:
      return "wrong_type";
    case TokenError::expired:
      return "expired";
  }
  return "unknown";
}

std::string base64url_encode(std::string_view bytes) {
  ensure_sodium();
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  ensure_sodium();
  if (text.empty()) return std::string();
  std::string out(text.size() * 3 / 4 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  // Only the canonical encoding (no stray bits in the last character) is accepted.
  if (base64url_encode(out) != text) return std::nullopt;
  return out;
}

std::string random_token_id() {
  ensure_sodium();
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

JwtCodec::JwtCodec(std::string_view key) {
  ensure_sodium();
  crypto_auth_hmacsha256_init(&keyed_, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
}

std::string JwtCodec::sign(std::string_view signing_input) const {
  crypto_auth_hmacsha256_state state = keyed_;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_update(
      &state, reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size());
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

std::string JwtCodec::encode(const TokenClaims& claims) const {
  boost::json::object payload;
  payload["token_type"] = claims.type == TokenType::access ? "access" : "refresh";
  payload["exp"] = claims.expires_at;
  payload["iat"] = claims.issued_at;
  payload["jti"] = claims.jti;
  payload["user_id"] = claims.user_id;
  payload["sid"] = claims.session_id;
  std::string token = base64url_encode(kHeader);
  token += '.';
  token += base64url_encode(boost::json::serialize(payload));
  std::string signature = sign(token);
  token += '.';
  token += signature;
  return token;
}

VerifiedToken JwtCodec::verify(std::string_view token, TokenType expected, std::int64_t now_seconds,
                               bool check_expiry) const {
  auto fail = [](TokenError error) { return VerifiedToken{std::nullopt, error}; };
  if (token.empty() || token.size() > kMaxTokenBytes) return fail(TokenError::malformed);
  auto first = token.find('.');
  if (first == std::string_view::npos) return fail(TokenError::malformed);
  auto second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return fail(TokenError::malformed);
  }
  std::string_view header_part = token.substr(0, first);
  std::string_view payload_part = token.substr(first + 1, second - first - 1);
  std::string_view signature_part = token.substr(second + 1);
  if (header_part.empty() || payload_part.empty()) return fail(TokenError::malformed);

  // The algorithm is fixed by us, never chosen by the token: anything but HS256 is refused
  // before the signature is even looked at.
  auto header = parse_object(header_part);
  if (!header) return fail(TokenError::malformed);
  auto* alg = header->if_contains("alg");
  if (!alg || !alg->is_string() || alg->get_string() != "HS256") {
    return fail(TokenError::unsupported_algorithm);
  }
  if (header->contains("crit")) return fail(TokenError::unsupported_algorithm);

  std::string expected_signature = sign(token.substr(0, second));
  if (signature_part.size() != expected_signature.size() ||
      sodium_memcmp(signature_part.data(), expected_signature.data(), expected_signature.size()) !=
          0) {
    return fail(TokenError::bad_signature);
  }

  auto payload = parse_object(payload_part);
  if (!payload) return fail(TokenError::malformed);
  TokenClaims claims;
  auto* type = payload->if_contains("token_type");
  if (!type || !type->is_string()) return fail(TokenError::bad_claims);
  if (type->get_string() == "access") {
    claims.type = TokenType::access;
  } else if (type->get_string() == "refresh") {
    claims.type = TokenType::refresh;
  } else {
    return fail(TokenError::wrong_type);
  }
  auto exp = integer_claim(*payload, "exp");
  auto iat = integer_claim(*payload, "iat");
  auto user_id = integer_claim(*payload, "user_id");
  auto sid = integer_claim(*payload, "sid");
  auto* jti = payload->if_contains("jti");
  if (!exp || !iat || !user_id || !sid || !jti || !jti->is_string() || jti->get_string().empty()) {
    return fail(TokenError::bad_claims);
  }
  claims.expires_at = *exp;
  claims.issued_at = *iat;
  claims.user_id = *user_id;
  claims.session_id = *sid;
  claims.jti = std::string(jti->get_string());
  if (claims.type != expected) return fail(TokenError::wrong_type);
  // Subtracting from now, not adding to exp: an exp near INT64_MAX must not overflow.
  if (check_expiry && now_seconds - kClockLeewaySeconds >= claims.expires_at) {
    return fail(TokenError::expired);
  }
  return VerifiedToken{std::move(claims), TokenError::none};
}

}  // namespace auth

#include "auth/password.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <cstring>
#include <stdexcept>
#include <vector>

namespace auth {
namespace {

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t characters = 0;
  for (unsigned char c : text) characters += (c & 0xC0) != 0x80;
  return characters;
}

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool verify_django_pbkdf2(std::string_view password, std::string_view stored) {
  // pbkdf2_sha256$<iterations>$<salt>$<hash>
  auto first = stored.find('$');
  auto second = stored.find('$', first + 1);
  auto third = stored.find('$', second + 1);
  if (first == std::string_view::npos || second == std::string_view::npos ||
      third == std::string_view::npos) {
    return false;
  }
  std::string_view iterations_text = stored.substr(first + 1, second - first - 1);
  std::string_view salt = stored.substr(second + 1, third - second - 1);
  std::string_view expected = stored.substr(third + 1);
  if (iterations_text.empty() || iterations_text.size() > 8) return false;
  int iterations = 0;
  for (char c : iterations_text) {
    if (c < '0' || c > '9') return false;
    iterations = iterations * 10 + (c - '0');
  }
  if (iterations < 1 || iterations > 5'000'000) return false;
  unsigned char derived[32];
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof derived,
                        derived) != 1) {
    return false;
  }
  std::string actual = base64(derived, sizeof derived);
  return actual.size() == expected.size() &&
         sodium_memcmp(actual.data(), expected.data(), actual.size()) == 0;
}

}  // namespace

std::string password_error(std::string_view password) {
  if (password.empty()) return "This field may not be blank.";
  auto length = utf8_length(password);
  if (length < kMinPasswordLength) {
    return "Ensure this field has at least 8 characters.";
  }
  if (length > kMaxPasswordLength) {
    return "Ensure this field has no more than 1024 characters.";
  }
  return {};
}

std::string hash_password(std::string_view password, const Argon2Cost& cost) {
  if (!sodium_ready()) throw std::runtime_error("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return out;
}

bool verify_password(std::string_view password, std::string_view stored_hash) {
  if (!sodium_ready()) return false;
  if (stored_hash.starts_with("$argon2")) {
    std::string stored(stored_hash);  // NUL-terminated for libsodium
    return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
  }
  if (stored_hash.starts_with("pbkdf2_sha256$")) return verify_django_pbkdf2(password, stored_hash);
  return false;
}

bool needs_rehash(std::string_view stored_hash, const Argon2Cost& cost) {
  if (!stored_hash.starts_with("$argon2id$")) return true;
  std::string stored(stored_hash);
  return crypto_pwhash_str_needs_rehash(stored.c_str(), cost.ops, cost.memory_bytes) != 0;
}

std::string django_pbkdf2_hash(std::string_view password, std::string_view salt, int iterations) {
  unsigned char derived[32];
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof derived,
                    derived);
  return "pbkdf2_sha256$" + std::to_string(iterations) + "$" + std::string(salt) + "$" +
         base64(derived, sizeof derived);
}

}  // namespace auth

// Password hashing: Argon2id (libsodium) for new hashes; Django's pbkdf2_sha256 hashes are
// verified too, so accounts imported from djchat can log in (and get upgraded).
// These calls are slow on purpose: run them on the hashing pool, never on an I/O thread.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace auth {

constexpr std::size_t kMinPasswordLength = 8;
constexpr std::size_t kMaxPasswordLength = 1024;  // characters; bounds hashing cost

struct Argon2Cost {
  unsigned long long ops = 2;                   // t
  std::size_t memory_bytes = 19 * 1024 * 1024;  // m = 19 MiB (OWASP minimum), p = 1
};

// Empty when acceptable; otherwise the field error message.
std::string password_error(std::string_view password);

// "$argon2id$v=19$m=19456,t=2,p=1$..." Throws std::runtime_error when out of memory.
std::string hash_password(std::string_view password, const Argon2Cost& cost = {});

// Constant-time comparison inside; false for unknown formats.
bool verify_password(std::string_view password, std::string_view stored_hash);

// True when the stored hash should be replaced by a fresh Argon2id hash at this cost.
bool needs_rehash(std::string_view stored_hash, const Argon2Cost& cost = {});

// For tests and imports: "pbkdf2_sha256$<iterations>$<salt>$<base64 hash>".
std::string django_pbkdf2_hash(std::string_view password, std::string_view salt, int iterations);

}  // namespace auth

// What an invite may be (SPEC §10; limits as Discord's): how long it lives, how often it may
// be used, and what its code looks like.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace chat {

constexpr std::int64_t kDefaultInviteAge = 86400;  // seconds; 0: never expires
constexpr std::int64_t kMaxInviteAge = 604800;     // 7 days
constexpr std::int64_t kMaxInviteUses = 100;       // 0: unlimited
constexpr std::size_t kInviteCodeLength = 10;      // 62^10 ≈ 8·10^17 codes
constexpr std::size_t kMaxInviteCodeLength = 32;   // what a path may name at most

// kInviteCodeLength characters of [A-Za-z0-9] drawn uniformly by libsodium's CSPRNG.
std::string new_invite_code();

// Could this be a code (1..kMaxInviteCodeLength URL-safe characters)? Anything else is
// unknown without asking the database.
bool plausible_invite_code(std::string_view code);

}  // namespace chat

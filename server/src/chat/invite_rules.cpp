#include "chat/invite_rules.hpp"

#include <sodium.h>

#include <stdexcept>

namespace chat {
namespace {
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
}  // namespace

std::string new_invite_code() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not start");
  std::string code(kInviteCodeLength, '\0');
  // randombytes_uniform has no modulo bias.
  for (auto& c : code) c = kAlphabet[randombytes_uniform(kAlphabet.size())];
  return code;
}

bool plausible_invite_code(std::string_view code) {
  if (code.empty() || code.size() > kMaxInviteCodeLength) return false;
  for (char c : code) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace chat

#include "chat/permissions.hpp"

#include <charconv>
#include <climits>

namespace chat {
namespace {

const std::vector<model::Id>& roles_of(const model::ServerPermissions& server, model::Id user_id) {
  static const std::vector<model::Id> none;
  auto held = server.member_roles.find(user_id);
  return held == server.member_roles.end() ? none : held->second;
}

}  // namespace

bool may_see_server(const model::ServerPermissions& server, model::Id user_id, bool is_member) {
  return user_id == server.owner_id || is_member || !server.is_private;
}

std::uint64_t server_permissions(const model::ServerPermissions& server, model::Id user_id,
                                 bool is_member) {
  if (user_id == server.owner_id) return perm::all;
  if (server.banned.count(user_id)) return 0;
  if (!may_see_server(server, user_id, is_member)) return 0;
  if (!is_member) return server.everyone & perm::reader;
  std::uint64_t bits = server.everyone;
  for (auto role_id : roles_of(server, user_id)) {
    auto role = server.roles.find(role_id);
    if (role != server.roles.end()) bits |= role->second.permissions;
  }
  if (has(bits, perm::administrator)) return perm::all;
  return bits & perm::all;
}

std::int64_t timeout_until(const model::ServerPermissions& server, model::Id user_id) {
  auto found = server.timeouts.find(user_id);
  if (found == server.timeouts.end()) return 0;
  if (has(server_permissions(server, user_id, true), perm::administrator)) return 0;
  return found->second;
}

std::uint64_t channel_permissions(const model::ServerPermissions& server, model::Id channel_id,
                                  model::Id user_id, bool is_member) {
  auto base = server_permissions(server, user_id, is_member);
  if (user_id != server.owner_id && server.banned.count(user_id)) return 0;
  if (!may_see_server(server, user_id, is_member)) return 0;
  if (has(base, perm::administrator)) return perm::all;
  auto bits = base;
  auto found = server.overwrites.find(channel_id);
  if (found != server.overwrites.end()) {
    const auto& overwrites = found->second;
    // @everyone's overwrite first.
    for (const auto& o : overwrites) {
      if (!o.member && o.target_id == server.server_id) {
        bits = (bits & ~o.deny) | o.allow;
        break;
      }
    }
    if (is_member) {
      std::uint64_t allow = 0, deny = 0;
      const auto& held = roles_of(server, user_id);
      for (const auto& o : overwrites) {
        if (o.member || o.target_id == server.server_id) continue;
        for (auto role_id : held) {
          if (role_id == o.target_id) {
            allow |= o.allow;
            deny |= o.deny;
          }
        }
      }
      bits = (bits & ~deny) | allow;
      for (const auto& o : overwrites) {
        if (o.member && o.target_id == user_id) {
          bits = (bits & ~o.deny) | o.allow;
          break;
        }
      }
    }
  }
  if (!is_member) bits &= perm::reader;  // reading a public server never grants more
  if (!has(bits, perm::view_channel)) return 0;
  if (!has(bits, perm::send_messages)) bits &= ~(perm::mention_everyone | perm::attach_files);
  return bits & perm::all;
}

int highest_position(const model::ServerPermissions& server, model::Id user_id) {
  if (user_id == server.owner_id) return INT_MAX;
  int highest = 0;
  for (auto role_id : roles_of(server, user_id)) {
    auto role = server.roles.find(role_id);
    if (role != server.roles.end() && role->second.position > highest)
      highest = role->second.position;
  }
  return highest;
}

bool outranks(const model::ServerPermissions& server, model::Id actor_id, int target_position) {
  return highest_position(server, actor_id) > target_position;
}

bool may_grant(std::uint64_t held, std::uint64_t wanted) {
  return (wanted & ~held) == 0;
}

std::optional<std::uint64_t> parse_permission_bits(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::uint64_t bits = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), bits);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if ((bits & ~perm::all) != 0) return std::nullopt;
  return bits;
}

}  // namespace chat

// Discord's permission bits (SPEC §10) and what a reader may do in a channel. Until roles
// exist, a server's owner holds every bit, its members the @everyone defaults, and anyone
// else logged in may read a (public) server's channels.
#pragma once
#include <cstdint>

#include "model/ids.hpp"

namespace chat {

namespace perm {
constexpr std::uint64_t create_instant_invite = 1ull << 0;
constexpr std::uint64_t kick_members = 1ull << 1;
constexpr std::uint64_t ban_members = 1ull << 2;
constexpr std::uint64_t administrator = 1ull << 3;
constexpr std::uint64_t manage_channels = 1ull << 4;
constexpr std::uint64_t manage_guild = 1ull << 5;
constexpr std::uint64_t add_reactions = 1ull << 6;
constexpr std::uint64_t view_audit_log = 1ull << 7;
constexpr std::uint64_t view_channel = 1ull << 10;
constexpr std::uint64_t send_messages = 1ull << 11;
constexpr std::uint64_t manage_messages = 1ull << 13;
constexpr std::uint64_t attach_files = 1ull << 15;
constexpr std::uint64_t read_message_history = 1ull << 16;
constexpr std::uint64_t mention_everyone = 1ull << 17;
constexpr std::uint64_t manage_roles = 1ull << 28;
constexpr std::uint64_t moderate_members = 1ull << 40;

// Every bit SPEC §10 lists.
constexpr std::uint64_t all =
    create_instant_invite | kick_members | ban_members | administrator | manage_channels |
    manage_guild | add_reactions | view_audit_log | view_channel | send_messages | manage_messages |
    attach_files | read_message_history | mention_everyone | manage_roles | moderate_members;
// @everyone's defaults: view, history, send, react, attach, invite.
constexpr std::uint64_t everyone_default = view_channel | read_message_history | send_messages |
                                           add_reactions | attach_files | create_instant_invite;
// What a logged-in non-member gets on a public server.
constexpr std::uint64_t reader = view_channel | read_message_history;
}  // namespace perm

// The reader's effective bits in a channel of a server owned by owner_id.
inline std::uint64_t channel_permissions(model::Id reader_id, model::Id owner_id, bool is_member) {
  if (reader_id == owner_id) return perm::all;
  return is_member ? perm::everyone_default : perm::reader;
}

inline bool has(std::uint64_t permissions, std::uint64_t bit) {
  return (permissions & bit) == bit;
}

}  // namespace chat

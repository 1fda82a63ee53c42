// The one permission function (SPEC §10, ARCHITECTURE.md "Part II"): Discord's bits and its
// evaluation order, computed from a server's cached roles and overwrites (chat/permission_cache)
// with no database round trip. Every REST call, WebSocket send, gateway subscription and member
// list decides through channel_permissions / server_permissions below.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "model/ids.hpp"
#include "model/server_permissions.hpp"

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
// The most a logged-in non-member gets on a public server.
constexpr std::uint64_t reader = view_channel | read_message_history;
// What a direct message grants its recipients (nobody moderates there).
constexpr std::uint64_t dm_recipient =
    view_channel | read_message_history | send_messages | add_reactions | attach_files;
}  // namespace perm

inline bool has(std::uint64_t permissions, std::uint64_t bit) {
  return (permissions & bit) == bit;
}

// Whether the server exists for this user at all (SPEC §10): a private server only for its
// members (the owner is one); a public one for anyone signed in. Everything under a server the
// user may not see is "not found": its channels, messages, members, sockets, listings.
// (Bans are not decided here: a banned user still sees that a public server exists, and holds
// no bits in it.)
bool may_see_server(const model::ServerPermissions& server, model::Id user_id, bool is_member);

// Server-level bits: owner → all; @everyone | the member's roles; ADMINISTRATOR → all. A
// non-member holds @everyone's bits limited to perm::reader, and nothing at all in
// a server they may not see.
std::uint64_t server_permissions(const model::ServerPermissions& server, model::Id user_id,
                                 bool is_member);

// Bits in one channel: the server-level bits, then the @everyone overwrite, the member's role
// overwrites (denies then allows, OR-ed), the member's own overwrite; then the implicit rules
// (no VIEW_CHANNEL: nothing; no SEND_MESSAGES: no MENTION_EVERYONE or ATTACH_FILES). Owner and
// administrators are never reduced.
std::uint64_t channel_permissions(const model::ServerPermissions& server, model::Id channel_id,
                                  model::Id user_id, bool is_member);

// Until when (µs since the epoch) the user may not post or react there (SPEC §10); 0 when
// not timed out. The owner and administrators are never held back. The caller compares with
// the time of the attempt: a timeout ends by itself.
std::int64_t timeout_until(const model::ServerPermissions& server, model::Id user_id);

// The rank that bounds what the user may act on: the owner outranks everyone, a member with
// only @everyone has 0.
int highest_position(const model::ServerPermissions& server, model::Id user_id);

// Guard rails for acting on a role at `role_position` or on a member whose highest role is
// `target_position`: strictly below the actor's own highest role (the owner may act on all).
bool outranks(const model::ServerPermissions& server, model::Id actor_id, int target_position);

// Bits a caller may put in a role or overwrite: only those they hold at server level (the
// owner and administrators hold all).
bool may_grant(std::uint64_t held, std::uint64_t wanted);

// "123" → bits; nullopt when not a decimal of the listed bits only (unknown bits, negative,
// too large).
std::optional<std::uint64_t> parse_permission_bits(std::string_view text);

}  // namespace chat

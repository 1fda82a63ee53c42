// What the communities API handlers need: the store, the pools blocking work runs on, and
// where uploaded media live.
#pragma once
#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <memory>
#include <optional>

#include "chat/chat_service.hpp"
#include "chat/community_events.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace api {

struct CommunityDeps {
  store::Store& store;
  boost::asio::thread_pool& db_pool;     // database calls
  boost::asio::thread_pool& image_pool;  // decoding and re-encoding uploads, file writes
  std::filesystem::path media_root;      // <data-dir>/media, served under /media/
  chat::CommunityEvents& events;         // tells open gateways what changed
  chat::ChatService& chat;               // a ban's deletion of recent messages
};

using DepsPtr = std::shared_ptr<const CommunityDeps>;

// One per API file; routes.cpp calls them all.
void register_category_routes(http::Router& router, DepsPtr deps);
void register_server_routes(http::Router& router, DepsPtr deps);
void register_channel_routes(http::Router& router, DepsPtr deps);
void register_membership_routes(http::Router& router, DepsPtr deps);
void register_message_routes(http::Router& router, DepsPtr deps);
void register_media_routes(http::Router& router, DepsPtr deps);
// SPEC §10 (roles_api.cpp, member_roles_api.cpp, overwrites_api.cpp).
void register_role_routes(http::Router& router, DepsPtr deps);
void register_member_role_routes(http::Router& router, DepsPtr deps);
void register_overwrite_routes(http::Router& router, DepsPtr deps);
void register_moderation_routes(http::Router& router, DepsPtr deps);
void register_ban_routes(http::Router& router, DepsPtr deps);
void register_audit_log_routes(http::Router& router, DepsPtr deps);  // audit_log_api.cpp
void register_invite_routes(http::Router& router, DepsPtr deps);     // invites_api.cpp

// PATCH of a server's channel by the server's owner (name, topic, position): 404 unless the
// channel is one of that server's, 403 unless the caller owns it. Shared by
// /api/servers/{id}/channels/{channel_id}/ and /api/channels/{id}/.
http::Task<http::Response> update_server_channel(const CommunityDeps& deps,
                                                 http::RequestContext& ctx,
                                                 std::optional<std::int64_t> server_id,
                                                 std::optional<std::int64_t> channel_id);

// true when the account exists and is staff (runs on the database pool).
http::Task<bool> is_staff(const CommunityDeps& deps, std::int64_t account_id);

// The management routes' preamble (SPEC §10): the 404 (no such server {id}) or 403 (neither
// its owner nor a member holding `bit`; bit 0: owner only) to answer, or nullopt with server_id
// set.
http::Task<std::optional<http::Response>> refuse_unless_allowed(const CommunityDeps& deps,
                                                                http::RequestContext& ctx,
                                                                std::int64_t& server_id,
                                                                std::uint64_t bit);

}  // namespace api

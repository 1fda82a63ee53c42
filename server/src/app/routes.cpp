#include "app/routes.hpp"

#include <filesystem>
#include <thread>

#include "api/attachment_deps.hpp"
#include "api/community_deps.hpp"
#include "api/dm_deps.hpp"
#include "api/member_list_api.hpp"
#include "api/message_deps.hpp"
#include "api/openapi.hpp"
#include "api/read_states_api.hpp"
#include "app/attachment_janitor.hpp"
#include "app/auth_routes.hpp"
#include "chat/image_processing.hpp"
#include "realtime/cluster_notices.hpp"
#include "storage/local_blob_store.hpp"
#include "ws/chat_endpoint.hpp"

namespace app {
namespace {

// The realtime stack: Bus, Hub, chat rules and the WebSocket endpoint (SPEC §3).
std::shared_ptr<ws::ChatEndpoint> make_chat_endpoint(http::Dispatcher& dispatcher,
                                                     Services& services) {
  const auto& config = services.config;
  ws::EndpointOptions options;
  options.chat.message_rate = config.message_rate;
  options.chat.message_burst = config.message_burst;
  options.limits.queue_messages = config.ws_queue_messages;
  options.limits.queue_bytes = config.ws_queue_bytes;
  options.limits.max_upload_bytes = config.max_upload_bytes;
  options.sweep_interval =
      std::chrono::milliseconds(static_cast<long>(config.ws_ping_interval * 1000));
  options.presence.grace = std::chrono::milliseconds(config.presence_grace_ms);
  options.presence.coalesce = std::chrono::milliseconds(config.presence_coalesce_ms);
  std::vector<boost::asio::io_context*> shards;
  for (std::size_t i = 0; i < services.shards.size(); ++i)
    shards.push_back(&services.shards.shard(i));
  return std::make_shared<ws::ChatEndpoint>(std::move(shards), services.store, services.writer,
                                            services.db_pool, dispatcher, options, services.bus);
}

// Presence across nodes (presence/presence_cluster.cpp): what the peers see of users. On one
// node nothing raises these.
void follow_cluster_presence(const std::shared_ptr<ws::ChatEndpoint>& chat, realtime::Bus* bus) {
  using realtime::ClusterNotices;
  using realtime::Notice;
  if (bus == nullptr) return;
  chat->presence().set_node_id(bus->node_id());
  std::weak_ptr<ws::ChatEndpoint> weak = chat;
  ClusterNotices::on_peer(Notice::presence_seen, [weak](std::uint64_t origin, std::int64_t arg) {
    if (auto endpoint = weak.lock()) endpoint->presence().peer_seen(origin, arg);
  });
  ClusterNotices::on_peer(Notice::presence_snapshot, [weak](std::uint64_t origin, std::int64_t) {
    if (auto endpoint = weak.lock()) endpoint->presence().peer_snapshot(origin);
  });
  ClusterNotices::on_peer(Notice::presence_resync, [weak](std::uint64_t origin, std::int64_t) {
    if (auto endpoint = weak.lock(); endpoint && origin != 0) endpoint->presence().send_snapshot();
  });
  ClusterNotices::on(Notice::peer_lost, [weak](std::int64_t node) {
    if (auto endpoint = weak.lock())
      endpoint->presence().peer_lost(static_cast<std::uint64_t>(node));
  });
  ClusterNotices::on(Notice::resubscribed, [weak](std::int64_t) {
    if (auto endpoint = weak.lock()) endpoint->presence().resubscribed();
  });
}

}  // namespace

RunningParts register_routes(http::Router& router, http::Dispatcher& dispatcher,
                             Services& services) {
  RunningParts parts;

  auto chat = make_chat_endpoint(dispatcher, services);
  parts.upgrade = [chat](boost::beast::tcp_stream stream, http::Request request,
                         std::string client_address) {
    chat->handle_upgrade(std::move(stream), std::move(request), std::move(client_address));
  };
  parts.shutdown = [chat] { chat->shutdown(); };
  parts.keep_alive.push_back(chat);
  auto auth = register_auth(router, dispatcher, services);
  parts.keep_alive.push_back(auth);
  // Logout (or a replayed refresh token) ends a session: its sockets close with 4001, on
  // whichever node they are (cluster_notices).
  realtime::ClusterNotices::on(
      realtime::Notice::session_revoked,
      [weak = std::weak_ptr<ws::ChatEndpoint>(chat)](std::int64_t session_id) {
        if (auto endpoint = weak.lock()) endpoint->close_session(session_id);
      });
  realtime::ClusterNotices::on(realtime::Notice::message_sent,
                               [weak = std::weak_ptr<ws::ChatEndpoint>(chat)](std::int64_t user) {
                                 if (auto endpoint = weak.lock())
                                   endpoint->chat().charge_message_rate(user);
                               });
  follow_cluster_presence(chat, services.bus);
  auth->on_session_revoked([](std::int64_t session_id) {
    realtime::ClusterNotices::raise(realtime::Notice::session_revoked, session_id);
  });

  // Communities API (issue 4). Image decoding gets its own small pool so that uploads never
  // hold up database calls.
  chat::init_image_library();
  auto image_pool = std::make_shared<boost::asio::thread_pool>(
      std::max(1u, std::thread::hardware_concurrency() / 2));
  parts.keep_alive.push_back(image_pool);
  auto deps = std::make_shared<const api::CommunityDeps>(
      api::CommunityDeps{services.store, services.db_pool, *image_pool,
                         std::filesystem::path(services.config.data_dir) / "media",
                         chat->community_events(), chat->chat()});
  api::register_category_routes(router, deps);
  api::register_server_routes(router, deps);
  api::register_channel_routes(router, deps);
  api::register_membership_routes(router, deps);
  api::register_role_routes(router, deps);
  api::register_member_role_routes(router, deps);
  api::register_overwrite_routes(router, deps);
  api::register_moderation_routes(router, deps);
  api::register_ban_routes(router, deps);
  api::register_audit_log_routes(router, deps);
  api::register_invite_routes(router, deps);
  api::register_message_routes(router, deps);
  api::register_media_routes(router, deps);

  // Messages v2 and the event log (issue 10): changes go through the chat rules and the
  // event writer, like WebSocket posts.
  auto message_deps = std::make_shared<const api::MessageDeps>(
      api::MessageDeps{services.store, services.db_pool, chat->chat()});
  api::register_channel_message_routes(router, message_deps);
  api::register_search_routes(router, message_deps);
  api::register_reaction_routes(router, message_deps);
  api::register_event_routes(router, message_deps);
  // Attachments (issue 13): uploads spool into the BlobStore under the data directory; the
  // janitor removes unused uploads and deleted messages' files.
  auto blobs = std::make_shared<storage::LocalBlobStore>(
      std::filesystem::path(services.config.data_dir) / "attachments");
  parts.keep_alive.push_back(blobs);
  auto attachment_deps = std::make_shared<const api::AttachmentDeps>(
      api::AttachmentDeps{message_deps, *image_pool, *blobs, services.config.max_upload_bytes});
  api::register_attachment_upload_routes(router, attachment_deps);
  api::register_attachment_serving_routes(router, attachment_deps);
  auto janitor = std::make_shared<AttachmentJanitor>(
      services.shards.shard(0), services.db_pool, services.store, *blobs,
      std::chrono::seconds(services.config.unused_upload_seconds),
      std::chrono::seconds(services.config.attachment_sweep_seconds));
  janitor->start();
  parts.keep_alive.push_back(janitor);
  // Direct messages (issue 11): DM channels, their recipients, blocks and user search.
  auto dm_deps = std::make_shared<const api::DmDeps>(
      api::DmDeps{services.store, services.db_pool, chat->dm_events(), deps});
  api::register_dm_channel_routes(router, dm_deps);
  api::register_dm_recipient_routes(router, dm_deps);
  api::register_user_safety_routes(router, dm_deps);

  // Presence and the member list (issue 11).
  auto presence_deps = std::make_shared<const api::MemberListDeps>(
      api::MemberListDeps{services.store, services.db_pool, chat->presence()});
  api::register_member_list_routes(router, presence_deps);
  api::register_presence_routes(router, presence_deps);
  // Read states (issue 11): acks tell the user's gateways through the Bus.
  // A batch of acks is one transaction (one commit), its waiters resumed per I/O shard at once.
  auto& ack_store = services.store;
  auto ack_worker = std::make_shared<util::CoalescingWorker>(
      std::chrono::milliseconds(20),
      [&ack_store](const std::function<void()>& run_jobs) { ack_store.ack_batch(run_jobs); });
  parts.keep_alive.push_back(ack_worker);
  auto ack_rate = std::make_shared<chat::RateLimiter>(api::kAckRate, api::kAckBurst);
  parts.keep_alive.push_back(ack_rate);
  api::register_read_state_routes(
      router, std::make_shared<const api::ReadStateDeps>(api::ReadStateDeps{
                  services.store, services.db_pool, chat->bus(), *ack_worker, *ack_rate}));
  api::register_openapi_routes(router, api::find_docs_root(services.config.docs_root),
                               services.db_pool);

  return parts;
}

}  // namespace app

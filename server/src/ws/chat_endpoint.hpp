// The chat WebSocket endpoint: checks a handshake (path, Origin, token, channel), answers it,
// and hands the socket to a ChannelSession or a GatewaySession. Owns the realtime stack of
// one process: Bus, Hub, the chat rules and the community events.
#pragma once
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <string>

#include "chat/chat_service.hpp"
#include "chat/community_events.hpp"
#include "chat/dm_events.hpp"
#include "http/dispatcher.hpp"
#include "realtime/hub.hpp"
#include "realtime/local_bus.hpp"
#include "store/event_writer.hpp"
#include "store/store.hpp"
#include "ws/connection.hpp"

namespace ws {

struct EndpointOptions {
  SessionLimits limits;
  chat::ChatLimits chat;
  std::chrono::milliseconds sweep_interval{15000};  // ping after 1-2 idle sweeps, drop after 3
  presence::PresenceOptions presence;
};

class ChatEndpoint : public std::enable_shared_from_this<ChatEndpoint> {
 public:
  // bus: the cluster's (RedisBus), or null for a bus of this process alone.
  ChatEndpoint(std::vector<boost::asio::io_context*> shards, store::Store& store,
               store::EventWriter& writer, boost::asio::thread_pool& db_pool,
               const http::Dispatcher& dispatcher, EndpointOptions options,
               realtime::Bus* bus = nullptr);
  ~ChatEndpoint();

  // The server's UpgradeHandler. Runs on the connection's shard.
  void handle_upgrade(boost::beast::tcp_stream stream, http::Request request,
                      std::string client_address);

  // Closes every socket with 1001 and waits (bounded) for the close handshakes.
  void shutdown(std::chrono::milliseconds wait = std::chrono::milliseconds(3000));

  // Sockets of a session that logged out are closed with 4001.
  void close_session(std::int64_t session_id);

  realtime::Hub& hub() { return hub_; }
  realtime::Bus& bus() { return bus_; }
  chat::ChatService& chat() { return chat_; }
  chat::CommunityEvents& community_events() { return community_events_; }
  chat::DmEvents& dm_events() { return dm_events_; }
  presence::PresenceTracker& presence() { return presence_; }

 private:
  struct Pending;
  http::Task<void> handshake(Pending* pending);
  void move_home(boost::asio::ip::tcp::socket socket, SessionInfo info, bool is_owner,
                 realtime::Wire response);

  const http::Dispatcher& dispatcher_;
  store::Store& store_;
  boost::asio::thread_pool& db_pool_;
  std::unique_ptr<realtime::Bus> own_bus_;
  realtime::Bus& bus_;
  realtime::Hub hub_;
  chat::ChatService chat_;
  presence::PresenceTracker presence_;  // on the first shard
  chat::CommunityEvents community_events_;
  chat::DmEvents dm_events_;
  std::shared_ptr<SessionServices> services_;
};

}  // namespace ws

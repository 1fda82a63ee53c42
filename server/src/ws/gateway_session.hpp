// A gateway socket (/ws/gateway, SPEC §6): one per open client. It starts with the ready
// frame, then gets every event of every channel of the user's servers and the user's own
// events; joining or leaving a server, or a channel appearing or going, changes what it gets
// without reconnecting. The client posts and types in any of those channels through it.
#pragma once
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "chat/permission_cache.hpp"
#include "ws/connection.hpp"

namespace ws {

class GatewaySession final : public Connection {
 public:
  // servers, dms: what ready shows (loaded during the handshake, channels the user may not
  // view left out).
  GatewaySession(std::shared_ptr<SessionServices> services, boost::asio::ip::tcp::socket socket,
                 SessionInfo info, std::vector<model::MemberServer> servers,
                 std::vector<model::DirectChannel> dms);

 private:
  void on_admitted() override;
  void on_started() override;
  void on_text(std::string_view payload) override;
  void on_binary() override;
  void on_delivery(const realtime::Delivery& event) override;

  // Returns the ready frame's size.
  std::size_t send_ready(std::vector<model::MemberServer> servers,
                         std::vector<model::DirectChannel> dms,
                         const std::vector<model::ReadState>& read_states,
                         std::vector<chat::ServerPermissionsPtr> permissions);
  void follow(const std::vector<model::MemberServer>& servers);
  void follow_dms(const std::vector<model::DirectChannel>& dms);
  void process(const realtime::Delivery& event);
  void apply(const realtime::SubscriptionChange& change);
  void announce(const model::Channel& channel);
  void refuse_unknown(model::Id channel_id, std::string nonce);
  void post(model::Id channel_id, std::string text, std::optional<model::Id> reply_to,
            std::string nonce, std::vector<model::Id> attachments);
  // A post whose rights are read fresh (a DM's blocks, or a server whose permission data this
  // socket does not hold yet), reading paused meanwhile.
  void post_checked(model::Id channel_id, std::string text, std::optional<model::Id> reply_to,
                    std::string nonce, std::vector<model::Id> attachments);
  void submit_post(const chat::Actor& actor, model::Id channel_id, std::string text,
                   std::optional<model::Id> reply_to, std::string nonce,
                   std::vector<model::Id> attachments);
  void reply_error(std::string_view code, std::string_view detail, std::string_view nonce,
                   model::Id channel_id);
  // Presence and the member list (gateway_members.cpp, SPEC §11).
  void choose_status(const std::optional<std::string>& status);
  void subscribe_members(std::optional<model::Id> server_id);
  void follow_members(model::Id server_id);
  void recheck_roster(const realtime::SubscriptionChange& change);
  // Permissions (gateway_permissions.cpp, SPEC §10).
  std::optional<std::uint64_t> permissions_in(model::Id server_id, model::Id channel_id) const;
  // chat::timeout_until from the server's cached permission data (0 when not known).
  std::int64_t timeout_in(model::Id server_id) const;
  void recheck(const realtime::SubscriptionChange& change);

  std::vector<model::MemberServer> servers_;  // as the handshake read them (until ready)
  std::vector<model::DirectChannel> dms_;     // likewise
  bool ready_sent_ = false;
  std::vector<realtime::Delivery> held_;                      // deliveries that came before ready
  std::unordered_map<model::Id, model::Id> owners_;           // server -> its owner
  std::unordered_map<model::Id, model::Id> channel_servers_;  // channel -> its server (0: a DM)
  // A channel's seq as ready showed it: events up to it (committed before ready was built,
  // delivered after the socket subscribed) are not sent twice.
  std::unordered_map<model::Id, model::Id> ready_seq_;
  // Each followed server's permission data, as ready or the latest change delivered it.
  std::unordered_map<model::Id, chat::ServerPermissionsPtr> permissions_;
  model::Id members_server_ = 0;  // the server whose member list this socket follows (0: none)
};

}  // namespace ws

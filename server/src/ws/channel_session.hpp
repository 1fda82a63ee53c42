// A socket of one channel: the original djchat protocol (/{s}/{c}: posts, nothing else) or
// the Parley channel protocol (/ws/{s}/{c}: nonces, error frames, typing, replies, resume
// by message id or by event seq).
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "ws/connection.hpp"

namespace ws {

class ChannelSession final : public Connection {
 public:
  // is_owner: of the channel's server, as of the handshake.
  ChannelSession(std::shared_ptr<SessionServices> services, boost::asio::ip::tcp::socket socket,
                 SessionInfo info, bool is_owner);

 private:
  struct PendingPost {
    std::string text;
    std::string nonce;
    std::optional<model::Id> reply_to;
    std::vector<model::Id> attachments;  // upload ids (SPEC §12), as on the gateway
  };
  struct Held {
    model::Id seq;
    model::Id message_id;
    realtime::Wire wire;
  };

  void on_admitted() override;
  void on_started() override;
  void on_text(std::string_view payload) override;
  void on_binary() override;
  void on_delivery(const realtime::Delivery& event) override;
  void on_drained() override;
  void recheck(const model::ServerPermissions& server);
  void on_closing() override;

  // Posting
  void post(PendingPost pending);
  bool membership_fresh() const;
  void refresh_membership(PendingPost pending);
  void finish(PendingPost pending);
  void reply_error(chat::PostError error, std::string_view nonce);
  void reply_bad_frame(std::string_view detail, std::string_view nonce = {});

  // Resume (channel_replay.cpp): pages of history or of the event log, then the live
  // deliveries held meanwhile, minus what the replay already sent.
  void replay_next();
  void replay_page(std::vector<realtime::Wire> frames, model::Id last, bool full);
  void finish_replay();

  chat::Actor actor_;
  std::chrono::steady_clock::time_point membership_checked_;
  bool replaying_ = false;
  bool replay_by_seq_ = false;
  bool replay_waiting_ = false;
  model::Id replayed_up_to_ = 0;  // the last message id or seq the replay sent
  std::vector<Held> held_;
};

}  // namespace ws

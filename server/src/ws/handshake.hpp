// The parts of a WebSocket handshake Parley checks itself: which chat socket the target
// names, and the Sec-WebSocket-Accept answer.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "model/model.hpp"
#include "ws/session_info.hpp"

namespace ws {

struct ChatTarget {
  Protocol protocol = Protocol::parley;
  std::optional<model::Id> server_id;  // nullopt: the segment is not a positive integer
  bool direct = false;                 // /ws/@me/{c}: a direct message channel (no server)
  std::optional<model::Id> channel_id;
  std::optional<model::Id> after;      // ?after=<message id> (Parley protocol)
  std::optional<model::Id> after_seq;  // ?after_seq=<seq> (Parley protocol)
};

// /ws/gateway, /ws/{s}/{c}[?after=N|?after_seq=N], /ws/@me/{c}[?...] (a DM) or /{s}/{c};
// nullopt for any other path
// (not a chat socket).
std::optional<ChatTarget> parse_chat_target(std::string_view target);

// base64(SHA-1(key + RFC 6455 GUID)).
std::string websocket_accept(std::string_view key);

}  // namespace ws

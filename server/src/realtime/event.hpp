// What travels from a publisher through the Bus to the sockets of one channel.
#pragma once
#include "chat/model.hpp"
#include "realtime/wire.hpp"

namespace realtime {

struct ChannelEvent {
  chat::Id channel_id = 0;
  chat::Id message_id = 0;       // 0: not a stored message (typing)
  Wire original;                 // frame for the original protocol (/{s}/{c}); null: not sent there
  Wire parley;                   // frame for the Parley protocol (/ws/{s}/{c})
  const void* except = nullptr;  // a local subscriber that must not get it (the typist)
};

}  // namespace realtime

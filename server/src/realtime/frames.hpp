// Deliveries of the server's frames: built once per event and protocol, shared by every socket.
#pragma once
#include <string>
#include <string_view>

#include "model/event.hpp"
#include "model/message.hpp"
#include "realtime/event.hpp"

namespace realtime {

// A channel event for every socket of its channel. A creation event (created: the message;
// its frame is rendered here when the event has none yet) also goes to the original protocol,
// and carries the sender's nonce (serialized JSON, may be empty) on the Parley protocol and
// the gateway.
Delivery event_delivery(const model::Event& event, const model::Message* created,
                        std::string_view nonce_json);

// {"type":"typing","channel_id","user","user_id"}, to every socket of the channel but the
// typist's own.
Delivery typing_delivery(model::Id channel_id, model::Id user_id, std::string_view username);

// {"type":"error","code","detail"[,"nonce"][,"channel_id"]} (Parley protocol and gateway).
Wire error_frame(std::string_view code, std::string_view detail, std::string_view nonce_json = {},
                 model::Id channel_id = 0);

// {"type":"resync_required","channel_id"}: this node cannot fill the channel's gap; the client
// reloads the channel through REST (SPEC §6).
Wire resync_required_frame(model::Id channel_id);

}  // namespace realtime

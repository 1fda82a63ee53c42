// The JSON the server sends on chat sockets, serialized once per message and protocol.
#pragma once
#include <string>
#include <string_view>

#include "chat/model.hpp"
#include "realtime/event.hpp"

namespace realtime {

// Appends s as a JSON string literal (quotes and escapes included).
void append_json_string(std::string& out, std::string_view s);

// {"type":"chat.message","new_message":{"id",...,"channel_id"[,"nonce"]}}; nonce_json is an
// already serialized JSON value, or empty for none.
std::string message_payload(const chat::Message& message, std::string_view nonce_json = {});

// Both protocol variants of a stored message (one shared buffer when there is no nonce).
ChannelEvent message_event(const chat::Message& message, std::string_view nonce_json = {});

// {"type":"typing","user":name}, Parley protocol only, not echoed to except.
ChannelEvent typing_event(chat::Id channel_id, std::string_view username, const void* except);

// {"type":"error","code","detail"[,"nonce"]} (Parley protocol only).
Wire error_frame(std::string_view code, std::string_view detail, std::string_view nonce_json = {});

}  // namespace realtime

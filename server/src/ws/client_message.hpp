// What a chat socket's text frame asks for, read from its JSON: a message to post, a typing
// hint, nothing (the original protocol drops what it does not know), or a bad frame with the
// detail the Parley protocol answers. Pure, so that it can be tested and fuzzed on its own.
#pragma once
#include <string>
#include <string_view>

#include "ws/session_info.hpp"

namespace ws {

struct ClientMessage {
  enum class Kind { post, typing, ignore, bad_frame };
  Kind kind = Kind::ignore;
  std::string text;         // post: the message text
  std::string nonce;        // serialized JSON (string or integer); empty when absent
  std::string_view detail;  // bad_frame: why, as the error frame says it
};

constexpr std::size_t kMaxNonceBytes = 200;

// payload is a complete text message (valid UTF-8).
ClientMessage read_client_message(std::string_view payload, Protocol protocol);

}  // namespace ws

// The rules for close frames (RFC 6455 §5.5.1, §7.1.5, §7.4): what a peer's close frame may
// carry, and which status codes may be put on the wire at all.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace ws {

// Codes an endpoint may send in a close frame: 1000-1003, 1007-1014 (registered, 1004 is
// reserved) and 3000-4999 (libraries, applications). Never 1005, 1006 or 1015, which only
// report what happened locally, nor anything unassigned.
bool close_code_may_be_sent(std::uint16_t code);

struct PeerClose {
  // Set when the frame is well formed: the code to answer with (the peer's own), or nullopt
  // when the peer sent no code (an empty close frame, answered with an empty one).
  std::optional<std::uint16_t> code;
  // False when the connection must fail with 1002 instead of being echoed: a one-byte
  // payload, a code that may not be sent, or a reason that is not UTF-8.
  bool well_formed = false;
};

// Reads the payload of a peer's close frame (already unmasked).
PeerClose read_peer_close(std::string_view payload);

}  // namespace ws

// Reads RFC 6455 frames as a client must send them (masked). The payload is unmasked in
// place, so a frame costs no copy when it arrived whole.
#pragma once
#include <cstddef>
#include <cstdint>

#include "ws/utf8_validator.hpp"

namespace ws {

enum class ParseStatus {
  frame,           // one complete frame parsed
  need_more,       // the buffer ends inside a frame
  protocol_error,  // unmasked, reserved bits, bad opcode, bad control frame (close 1002)
  too_big,         // payload above the limit (close 1009)
};

struct ClientFrame {
  bool fin = false;
  std::uint8_t opcode = 0;
  char* payload = nullptr;
  std::size_t size = 0;
};

struct ParseResult {
  ParseStatus status = ParseStatus::need_more;
  ClientFrame frame;
  std::size_t consumed = 0;  // bytes of the frame (header + payload) when status is frame
};

constexpr std::uint8_t kContinuation = 0x0, kText = 0x1, kBinary = 0x2, kClose = 0x8, kPing = 0x9,
                       kPong = 0xA;

ParseResult parse_client_frame(char* data, std::size_t size, std::size_t max_payload);

// For a frame that has not fully arrived (data holds its start): false when it carries text
// whose bytes so far cannot be valid UTF-8, so the connection can fail before the rest
// arrives. `text_so_far` is the validator of the message being continued (a continuation of
// a text message) or nullptr when no text message is open. data is left as it is (the
// payload is unmasked into a copy).
bool partial_frame_text_may_be_valid(const char* data, std::size_t size,
                                     const Utf8Validator* text_so_far);

}  // namespace ws

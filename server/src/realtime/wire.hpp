// RFC 6455 frames as the server sends them (unmasked, never fragmented): built once and
// shared, so every recipient writes the same bytes.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace realtime {

// One complete WebSocket frame, header included, shared by every socket that sends it.
using Wire = std::shared_ptr<const std::string>;

enum class Opcode : std::uint8_t { text = 0x1, close = 0x8, ping = 0x9, pong = 0xA };

// A final frame of that opcode carrying payload.
std::string encode_frame(Opcode opcode, std::string_view payload);
Wire text_frame(std::string_view payload);
// A close frame with a status code (and an optional short reason).
Wire close_frame(std::uint16_t code, std::string_view reason = {});

}  // namespace realtime

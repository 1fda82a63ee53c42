#include "ws/frame_parser.hpp"

namespace ws {

ParseResult parse_client_frame(char* data, std::size_t size, std::size_t max_payload) {
  ParseResult result;
  if (size < 2) return result;
  auto* bytes = reinterpret_cast<unsigned char*>(data);
  const bool fin = bytes[0] & 0x80;
  const std::uint8_t opcode = bytes[0] & 0x0F;
  const bool masked = bytes[1] & 0x80;
  std::uint64_t length = bytes[1] & 0x7F;
  if ((bytes[0] & 0x70) || !masked) return {ParseStatus::protocol_error, {}, 0};
  const bool control = opcode & 0x8;
  if (control) {
    if (opcode > kPong || !fin || length > 125) return {ParseStatus::protocol_error, {}, 0};
  } else if (opcode > kBinary) {
    return {ParseStatus::protocol_error, {}, 0};
  }
  std::size_t header = 2;
  if (length == 126) {
    if (size < 4) return result;
    length = (std::uint64_t{bytes[2]} << 8) | bytes[3];
    header = 4;
  } else if (length == 127) {
    if (size < 10) return result;
    length = 0;
    for (int i = 2; i < 10; ++i) length = (length << 8) | bytes[i];
    // RFC 6455 §5.2: the most significant bit of a 64-bit length must be 0.
    if (length >> 63) return {ParseStatus::protocol_error, {}, 0};
    header = 10;
  }
  if (length > max_payload) return {ParseStatus::too_big, {}, 0};
  header += 4;  // masking key
  if (size < header + length) return result;
  const unsigned char* key = bytes + header - 4;
  unsigned char* payload = bytes + header;
  for (std::uint64_t i = 0; i < length; ++i) payload[i] ^= key[i & 3];
  result.status = ParseStatus::frame;
  result.frame = {fin, opcode, reinterpret_cast<char*>(payload), static_cast<std::size_t>(length)};
  result.consumed = header + static_cast<std::size_t>(length);
  return result;
}

}  // namespace ws

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

bool partial_frame_text_may_be_valid(const char* data, std::size_t size,
                                     const Utf8Validator* text_so_far) {
  if (size < 2) return true;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data);
  const std::uint8_t opcode = bytes[0] & 0x0F;
  Utf8Validator utf8;
  if (opcode == kContinuation && text_so_far) {
    utf8 = *text_so_far;
  } else if (opcode != kText || text_so_far) {
    return true;  // not text, or a protocol error that parsing reports once it is whole
  }
  std::size_t header = 2;
  std::uint64_t length = bytes[1] & 0x7F;
  if (length == 126) {
    header = 4;
  } else if (length == 127) {
    header = 10;
  }
  header += 4;  // masking key
  if (size <= header) return true;
  if (length == 126) length = (std::uint64_t{bytes[2]} << 8) | bytes[3];
  if (length == 127) {
    length = 0;
    for (int i = 2; i < 10; ++i) length = (length << 8) | bytes[i];
  }
  const unsigned char* key = bytes + header - 4;
  const unsigned char* payload = bytes + header;
  std::size_t received = size - header;
  if (received > length) received = static_cast<std::size_t>(length);
  char chunk[256];
  for (std::size_t done = 0; done < received;) {
    std::size_t n = received - done < sizeof chunk ? received - done : sizeof chunk;
    for (std::size_t i = 0; i < n; ++i) {
      chunk[i] = static_cast<char>(payload[done + i] ^ key[(done + i) & 3]);
    }
    if (!utf8.feed({chunk, n})) return false;
    done += n;
  }
  return true;
}

}  // namespace ws

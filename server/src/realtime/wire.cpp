#include "realtime/wire.hpp"

namespace realtime {

std::string encode_frame(Opcode opcode, std::string_view payload) {
  std::string frame;
  const std::size_t size = payload.size();
  frame.reserve(size + 10);
  frame.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode)));
  if (size < 126) {
    frame.push_back(static_cast<char>(size));
  } else if (size <= 0xFFFF) {
    frame.push_back(static_cast<char>(126));
    frame.push_back(static_cast<char>((size >> 8) & 0xFF));
    frame.push_back(static_cast<char>(size & 0xFF));
  } else {
    frame.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      frame.push_back(static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xFF));
    }
  }
  frame.append(payload);
  return frame;
}

Wire text_frame(std::string_view payload) {
  return std::make_shared<const std::string>(encode_frame(Opcode::text, payload));
}

Wire close_frame(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason.substr(0, 120));
  return std::make_shared<const std::string>(encode_frame(Opcode::close, payload));
}

}  // namespace realtime

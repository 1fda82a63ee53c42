#include "ws/close_frame.hpp"

#include "ws/utf8_validator.hpp"

namespace ws {

bool close_code_may_be_sent(std::uint16_t code) {
  if (code >= 1000 && code <= 1003) return true;
  if (code >= 1007 && code <= 1014) return true;
  return code >= 3000 && code <= 4999;
}

PeerClose read_peer_close(std::string_view payload) {
  PeerClose close;
  if (payload.empty()) {
    close.well_formed = true;
    return close;
  }
  if (payload.size() == 1) return close;  // half a status code
  auto code = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                         static_cast<unsigned char>(payload[1]));
  if (!close_code_may_be_sent(code)) return close;
  if (!Utf8Validator::is_valid(payload.substr(2))) return close;
  close.code = code;
  close.well_formed = true;
  return close;
}

}  // namespace ws

// The JSON of a chat socket's text frames (ws/client_message), on both protocols.
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "ws/client_message.hpp"
#include "ws/utf8_validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view payload(reinterpret_cast<const char*>(data), size);
  // The session only hands over complete, valid UTF-8 text.
  if (!ws::Utf8Validator::is_valid(payload)) return 0;
  for (auto protocol : {ws::Protocol::parley, ws::Protocol::original}) {
    auto message = ws::read_client_message(payload, protocol);
    FUZZ_CHECK(message.nonce.size() <= ws::kMaxNonceBytes);
    if (message.kind == ws::ClientMessage::Kind::bad_frame) FUZZ_CHECK(!message.detail.empty());
    if (message.kind == ws::ClientMessage::Kind::post) {
      FUZZ_CHECK(message.text.size() <= payload.size());
      FUZZ_CHECK(ws::Utf8Validator::is_valid(message.text));
    }
    if (protocol == ws::Protocol::original) {
      FUZZ_CHECK(message.kind == ws::ClientMessage::Kind::post ||
                 message.kind == ws::ClientMessage::Kind::ignore ||
                 message.kind == ws::ClientMessage::Kind::bad_frame);
      FUZZ_CHECK(message.kind != ws::ClientMessage::Kind::typing);
    }
  }
  return 0;
}

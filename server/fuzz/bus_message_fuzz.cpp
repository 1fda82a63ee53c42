// What a node reads off Redis (realtime/bus_codec): any bytes a peer, or anything else
// publishing on the channel, could send. Decoding never crashes, and whatever decodes encodes
// back to the same bytes (the format has one spelling per message).
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "realtime/bus_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto message = realtime::decode_bus_message(bytes);
  if (!message) return 0;
  std::string again;
  switch (message->kind) {
    case realtime::BusKind::delivery:
      again = realtime::encode_delivery(message->node, message->delivery);
      break;
    case realtime::BusKind::notice:
      again = realtime::encode_notice(message->node, message->notice);
      break;
    case realtime::BusKind::heartbeat:
      again = realtime::encode_heartbeat(message->node, message->heartbeat);
      break;
  }
  FUZZ_CHECK(again == bytes);
  return 0;
}

// The bytes one node publishes to the others (RedisBus): a Delivery exactly as the local Hub
// would get it (its frames already built), a notice (realtime/cluster_notices.hpp), or a
// heartbeat carrying the newest seq this node committed per channel lately. Binary, versioned
// by its first byte; decode rejects anything truncated or oversized instead of guessing.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "realtime/event.hpp"

namespace realtime {

enum class BusKind : std::uint8_t { delivery = 1, notice = 2, heartbeat = 3 };

struct BusNotice {
  std::uint8_t kind = 0;
  std::int64_t argument = 0;
};

struct BusHeartbeat {
  std::uint64_t counter = 0;  // increases by one per heartbeat of the node
  // (channel id, newest seq this node committed there), for the channels it wrote lately.
  std::vector<std::pair<model::Id, model::Id>> positions;
};

struct BusMessage {
  BusKind kind = BusKind::delivery;
  std::uint64_t node = 0;  // the publishing node's random id
  Delivery delivery;
  BusNotice notice;
  BusHeartbeat heartbeat;
};

// A frame or channel list beyond these bounds is refused by decode (a peer never sends one).
constexpr std::size_t kMaxBusFrameBytes = 16u << 20;
constexpr std::size_t kMaxBusListItems = 1u << 20;

std::string encode_delivery(std::uint64_t node, const Delivery& delivery);
std::string encode_notice(std::uint64_t node, const BusNotice& notice);
std::string encode_heartbeat(std::uint64_t node, const BusHeartbeat& heartbeat);
std::optional<BusMessage> decode_bus_message(std::string_view bytes);

}  // namespace realtime

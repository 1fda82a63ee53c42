// Hot-path scanning of v2 event frames (SPEC §6) by string search, without a full JSON parse:
// the frame's type, its channel_id and seq, and what the load tool needs of each kind (the
// message id, this run's payload in the content, the reaction's emoji and user). A sample of
// frames is checked against a Boost.JSON parse (verify), as for the v1 scanner.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "payload.hpp"

namespace parley_load {

enum class EventType : std::uint8_t {
  message,          // chat.message
  update,           // chat.message_update
  remove,           // chat.message_delete
  reaction_add,     // chat.reaction_add
  reaction_remove,  // chat.reaction_remove
  kCount,           // number of event types (not a type)
  ready,            // gateway ready (not an event: no seq)
  error,            // {"type":"error"}
  resync,           // {"type":"resync_required"}
  other,            // typing, member.*, channel.*, ... (not counted as events)
};
constexpr int kEventTypes = static_cast<int>(EventType::kCount);
const char* event_type_name(EventType t);  // "chat.message", ...
inline bool is_event(EventType t) {
  return static_cast<int>(t) < kEventTypes;
}

struct EventScan {
  EventType type = EventType::other;
  std::int64_t channel_id = -1;
  std::int64_t seq = -1;
  std::int64_t id = -1;       // message id (message, update, delete) or message_id (reactions)
  std::int64_t user_id = -1;  // sender_id (message) or user_id (reactions)
  std::string_view emoji;     // reactions: the JSON string's raw text (escapes not decoded)
  bool deleted = false;       // a replayed event of a message deleted since
  bool ours = false;          // the content is a payload of this run (message, update)
  PayloadFields payload;      // valid when ours
};

class EventScanner {
 public:
  explicit EventScanner(std::string run_tag);

  EventScan scan(std::string_view frame) const;

  // Full parse with Boost.JSON; true when it agrees with `fast`, else `why` says what differed.
  bool verify(std::string_view frame, const EventScan& fast, std::string& why) const;

  const std::string& run_tag() const { return tag_; }

 private:
  std::string tag_;
  std::string marker_;  // "\"PL1.<tag>."
};

// Decodes a JSON string's raw text (what EventScan::emoji holds) into UTF-8; false if invalid.
bool decode_json_string(std::string_view raw, std::string& out);

}  // namespace parley_load

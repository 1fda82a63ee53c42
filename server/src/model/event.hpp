// One entry of a channel's event log (SPEC §6): every change to a channel gets the next seq.
#pragma once
#include <string>

#include "model/ids.hpp"

namespace model {

enum class EventKind : int {
  message_create = 1,
  message_update = 2,
  message_delete = 3,
  reaction_add = 4,
  reaction_remove = 5,
};

struct Event {
  Id channel_id = 0;
  Id seq = 0;
  EventKind kind = EventKind::message_create;
  Id message_id = 0;
  // The JSON frame every Parley socket gets (no nonce). Empty for a creation just written:
  // its publisher renders it from the message (codec::message_create_frame).
  std::string frame;
};

}  // namespace model

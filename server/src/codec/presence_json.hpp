// Presence frames (SPEC §11).
#pragma once
#include <string>

#include "model/presence.hpp"

namespace codec {

// {"type":"presence.update","user_id","status"}: what the server's member-list subscribers
// see of the user now (online, idle, dnd or offline; never invisible).
std::string presence_update_frame(model::Id user_id, model::PresenceStatus status);

}  // namespace codec

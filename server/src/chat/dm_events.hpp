// Tells open gateways what changed in their direct messages (SPEC §9): each recipient's
// gateways get the DM as they see it (dm.create, dm.update) and follow its channel topic
// from then on; someone who left or was removed gets dm.delete and stops following it,
// and their channel sockets of that DM close with 4003. Each change that alters who may read or
// post forgets the remembered channel access (chat::AccessCache) at once.
#pragma once
#include "model/direct_message.hpp"
#include "realtime/bus.hpp"

namespace chat {

class DmEvents {
 public:
  explicit DmEvents(realtime::Bus& bus) : bus_(bus) {}

  // A new DM: dm.create to every recipient, its creator included.
  void created(const model::DirectChannel& dm);
  // Renamed, or a recipient came or went: dm.update to everyone in it now.
  void updated(const model::DirectChannel& dm);
  // user joined a group: dm.create to them (and they follow it).
  void joined(const model::DirectChannel& dm, model::Id user_id);
  // user left or was removed.
  void left(model::Id channel_id, model::Id user_id);
  // A block was made or lifted: who may post in a 1:1 changed (nothing is sent).
  void blocks_changed();

 private:
  realtime::Bus& bus_;
};

}  // namespace chat

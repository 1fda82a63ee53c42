// A user's read state in one channel (SPEC §8): how far they have read, and how many
// messages after that mention them (or everyone).
#pragma once
#include "model/ids.hpp"

namespace model {

struct ReadState {
  Id channel_id = 0;
  Id last_read_id = 0;  // 0: nothing read yet
  int mention_count = 0;
};

}  // namespace model

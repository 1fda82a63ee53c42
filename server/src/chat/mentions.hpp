// Mentions in a message's text (SPEC §7): <@USER_ID>, and @everyone / @here.
#pragma once
#include <string_view>
#include <vector>

#include "model/ids.hpp"

namespace chat {

struct MentionCandidates {
  std::vector<model::Id>
      ids;                // distinct, in order of appearance (the store keeps those that exist)
  bool everyone = false;  // @everyone or @here as a word of its own
};

// At most this many distinct candidates are looked up (a 4000-character text holds ~800).
constexpr std::size_t kMaxMentionCandidates = 1000;

MentionCandidates parse_mentions(std::string_view content);

}  // namespace chat

// Mentions in a message's text (chat/mentions, SPEC §7): any text. The ids found are distinct,
// at most kMaxMentionCandidates, each written as <@ID> in the text; @everyone / @here is only
// reported when the text holds one of them.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "chat/mentions.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16 * 1024) return 0;  // messages are at most 4,000 characters
  std::string_view content(reinterpret_cast<const char*>(data), size);
  auto found = chat::parse_mentions(content);
  FUZZ_CHECK(found.ids.size() <= chat::kMaxMentionCandidates);
  std::set<model::Id> distinct(found.ids.begin(), found.ids.end());
  FUZZ_CHECK(distinct.size() == found.ids.size());
  for (auto id : found.ids) {
    FUZZ_CHECK(id > 0);
    FUZZ_CHECK(content.find("<@" + std::to_string(id) + ">") != std::string_view::npos);
  }
  if (found.everyone) {
    FUZZ_CHECK(content.find("@everyone") != std::string_view::npos ||
               content.find("@here") != std::string_view::npos);
  }
  return 0;
}

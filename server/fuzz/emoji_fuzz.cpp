// Reaction emoji (chat/emoji, SPEC §7): any bytes. What is accepted is one emoji: non-empty,
// at most kMaxEmojiBytes, valid UTF-8, and the same answer every time.
#include <cstdint>
#include <string>
#include <string_view>

#include "chat/emoji.hpp"
#include "fuzz_check.hpp"
#include "ws/utf8_validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  bool accepted = chat::is_single_emoji(input);
  if (accepted) {
    FUZZ_CHECK(!input.empty() && input.size() <= chat::kMaxEmojiBytes);
    FUZZ_CHECK(ws::Utf8Validator::is_valid(input));
  }
  FUZZ_CHECK(chat::is_single_emoji(input) == accepted);
  // Two emoji in a row are never one.
  if (accepted && input.size() * 2 <= chat::kMaxEmojiBytes) {
    std::string twice(input);
    twice += input;
    // A regional indicator doubled is a flag (one emoji), the one pairing that may join.
    bool regional = input.size() == 4 && static_cast<unsigned char>(input[0]) == 0xF0 &&
                    static_cast<unsigned char>(input[1]) == 0x9F &&
                    static_cast<unsigned char>(input[2]) == 0x87;
    if (!regional) FUZZ_CHECK(!chat::is_single_emoji(twice));
  }
  return 0;
}

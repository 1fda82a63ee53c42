// What a reaction may be (SPEC §7): one emoji, as Unicode defines emoji (ICU's RGI_Emoji
// set: flags, keycaps, skin tones and ZWJ sequences included), at most 32 bytes.
#pragma once
#include <string_view>

namespace chat {

constexpr std::size_t kMaxEmojiBytes = 32;

bool is_single_emoji(std::string_view utf8);

}  // namespace chat

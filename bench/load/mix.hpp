// The mixed load: what share of a sender's actions are new messages (over its socket),
// reaction toggles, edits and deletes (over the REST routes of SPEC §7), chosen by smooth
// weighted round-robin so every sender follows the proportions exactly; the emoji used; and
// the send times of the events whose frames carry nothing of the sender's (deletes and
// reactions), so that receivers can time them.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace parley_load {

enum class Action : std::uint8_t { message, reaction, edit, remove, kCount };
constexpr int kActions = static_cast<int>(Action::kCount);

struct Mix {
  std::array<int, kActions> weight{100, 0, 0, 0};
  bool messages_only() const { return weight[1] == 0 && weight[2] == 0 && weight[3] == 0; }
  std::string text() const;  // "messages=70,reactions=20,edits=5,deletes=5"
};
// "messages=70,reactions=20,edits=5,deletes=5" (any subset; missing ones are 0); throws
// std::runtime_error on anything else.
Mix parse_mix(const std::string& spec);

// Smooth weighted round-robin (as nginx's upstream balancer): over any window of
// sum(weights) picks, each action is picked exactly its weight times, evenly spread.
class MixPicker {
 public:
  explicit MixPicker(const Mix& m) : mix_(m) {}
  Action next();

 private:
  Mix mix_;
  std::array<int, kActions> current_{};
};

// Single-code-point emoji (one grapheme each, 4 bytes or less of UTF-8): a user toggles them
// on a message in this order (add 0, remove 0, add 1, remove 1, ...), so that every reaction
// event of a run is unique.
constexpr std::array<std::string_view, 16> kEmoji = {
    "\xF0\x9F\x91\x8D", "\xF0\x9F\x98\x82", "\xF0\x9F\x8E\x89", "\xF0\x9F\x94\xA5",
    "\xF0\x9F\x91\x80", "\xF0\x9F\x9A\x80", "\xE2\x9C\x85",     "\xF0\x9F\x98\xAE",
    "\xF0\x9F\x98\xA2", "\xF0\x9F\x99\x8F", "\xF0\x9F\x92\xAF", "\xF0\x9F\xA4\x94",
    "\xF0\x9F\x91\x8F", "\xF0\x9F\x98\x84", "\xE2\xAD\x90",     "\xF0\x9F\x8D\x95"};
int emoji_index(std::string_view utf8);  // -1 when not one of kEmoji

// Send times (steady_clock ns) of REST-made events, keyed by what their frames carry.
// Written by the sender just before its request goes out, read by every receiver.
class EventClock {
 public:
  enum Kind : std::uint8_t { kDelete = 1, kReactionAdd = 2, kReactionRemove = 3 };
  void put(Kind k, std::int64_t message_id, std::int64_t user_id, int emoji, std::int64_t ns);
  bool get(Kind k, std::int64_t message_id, std::int64_t user_id, int emoji,
           std::int64_t& ns) const;

 private:
  struct Key {
    std::int64_t message_id, user_id;
    int emoji;
    Kind kind;
    bool operator==(const Key&) const = default;
  };
  struct Hash {
    std::size_t operator()(const Key& k) const;
  };
  mutable std::mutex mu_;
  std::unordered_map<Key, std::int64_t, Hash> sent_;
};

}  // namespace parley_load

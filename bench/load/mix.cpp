#include "mix.hpp"

#include <charconv>
#include <stdexcept>

namespace parley_load {

namespace {
constexpr std::array<std::string_view, kActions> kNames = {"messages", "reactions", "edits",
                                                           "deletes"};
}

std::string Mix::text() const {
  std::string s;
  for (int i = 0; i < kActions; ++i) {
    if (weight[i] == 0) continue;
    if (!s.empty()) s += ',';
    s += std::string(kNames[i]) + "=" + std::to_string(weight[i]);
  }
  return s;
}

Mix parse_mix(const std::string& spec) {
  Mix m;
  m.weight = {0, 0, 0, 0};
  std::string_view rest(spec);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos)
      throw std::runtime_error("--mix: expected NAME=WEIGHT, got \"" + std::string(item) + "\"");
    const std::string_view name = item.substr(0, eq), num = item.substr(eq + 1);
    int w = -1;
    auto r = std::from_chars(num.data(), num.data() + num.size(), w);
    if (r.ec != std::errc{} || r.ptr != num.data() + num.size() || w < 0 || w > 1000)
      throw std::runtime_error("--mix: weight of " + std::string(name) + " must be 0..1000");
    int idx = -1;
    for (int i = 0; i < kActions; ++i)
      if (kNames[i] == name) idx = i;
    if (idx < 0)
      throw std::runtime_error("--mix: unknown action \"" + std::string(name) +
                               "\" (messages, reactions, edits, deletes)");
    m.weight[idx] = w;
  }
  if (m.weight[0] == 0)
    throw std::runtime_error(
        "--mix: messages must have a weight above 0 (reactions, edits and deletes act on "
        "messages)");
  return m;
}

Action MixPicker::next() {
  int total = 0, best = 0;
  for (int i = 0; i < kActions; ++i) {
    current_[i] += mix_.weight[i];
    total += mix_.weight[i];
    if (current_[i] > current_[best]) best = i;
  }
  current_[best] -= total;
  return static_cast<Action>(best);
}

int emoji_index(std::string_view utf8) {
  for (std::size_t i = 0; i < kEmoji.size(); ++i)
    if (kEmoji[i] == utf8) return static_cast<int>(i);
  return -1;
}

std::size_t EventClock::Hash::operator()(const Key& k) const {
  std::uint64_t h = static_cast<std::uint64_t>(k.message_id) * 0x9E3779B97F4A7C15ULL;
  h ^= static_cast<std::uint64_t>(k.user_id) + 0x632BE59BD9B4E019ULL + (h << 6) + (h >> 2);
  h ^= static_cast<std::uint64_t>(k.emoji * 4 + k.kind) + (h << 6) + (h >> 2);
  return static_cast<std::size_t>(h);
}

void EventClock::put(Kind k, std::int64_t message_id, std::int64_t user_id, int emoji,
                     std::int64_t ns) {
  std::lock_guard lk(mu_);
  sent_[Key{message_id, user_id, emoji, k}] = ns;
}

bool EventClock::get(Kind k, std::int64_t message_id, std::int64_t user_id, int emoji,
                     std::int64_t& ns) const {
  std::lock_guard lk(mu_);
  auto it = sent_.find(Key{message_id, user_id, emoji, k});
  if (it == sent_.end()) return false;
  ns = it->second;
  return true;
}

}  // namespace parley_load

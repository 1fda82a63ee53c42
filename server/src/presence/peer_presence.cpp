#include "presence/peer_presence.hpp"

#include <algorithm>

namespace presence {
using model::PresenceStatus;

namespace {
constexpr int kStatusBits = 3;
constexpr int kPublishedBit = kStatusBits;
constexpr int kUserShift = kStatusBits + 1;
constexpr model::Id kMaxUser = (model::Id{1} << (63 - kUserShift)) - 1;
}  // namespace

std::int64_t encode_presence_seen(const PresenceSeen& notice) {
  return (notice.user_id << kUserShift) | (std::int64_t{notice.published} << kPublishedBit) |
         static_cast<std::int64_t>(notice.seen);
}

bool decode_presence_seen(std::int64_t argument, PresenceSeen& notice) {
  if (argument < 0) return false;
  auto code = argument & ((1 << kStatusBits) - 1);
  notice.published = (argument >> kPublishedBit) & 1;
  notice.user_id = argument >> kUserShift;
  switch (static_cast<PresenceStatus>(code)) {
    case PresenceStatus::online:
    case PresenceStatus::idle:
    case PresenceStatus::dnd:
    case PresenceStatus::offline:
      notice.seen = static_cast<PresenceStatus>(code);
      return notice.user_id > 0 && notice.user_id <= kMaxUser;
    case PresenceStatus::invisible:  // others never see it
      break;
  }
  return false;
}

void PeerPresence::set(std::uint64_t node, model::Id user_id, PresenceStatus seen) {
  auto& entries = by_user_[user_id];
  auto it = std::find_if(entries.begin(), entries.end(),
                         [node](const auto& entry) { return entry.first == node; });
  if (seen == PresenceStatus::offline) {
    if (it != entries.end()) entries.erase(it);
    if (entries.empty()) by_user_.erase(user_id);
    if (auto users = by_node_.find(node); users != by_node_.end()) {
      users->second.erase(user_id);
      if (users->second.empty()) by_node_.erase(users);
    }
    return;
  }
  if (it != entries.end()) {
    it->second = seen;
  } else {
    entries.emplace_back(node, seen);
  }
  by_node_[node].insert(user_id);
}

std::vector<model::Id> PeerPresence::forget_node(std::uint64_t node) {
  auto users = by_node_.find(node);
  if (users == by_node_.end()) return {};
  std::vector<model::Id> affected(users->second.begin(), users->second.end());
  by_node_.erase(users);
  for (auto user_id : affected) {
    auto entries = by_user_.find(user_id);
    if (entries == by_user_.end()) continue;
    std::erase_if(entries->second, [node](const auto& entry) { return entry.first == node; });
    if (entries->second.empty()) by_user_.erase(entries);
  }
  std::sort(affected.begin(), affected.end());
  return affected;
}

PresenceStatus PeerPresence::seen(model::Id user_id) const {
  auto entries = by_user_.find(user_id);
  if (entries == by_user_.end() || entries->second.empty()) return PresenceStatus::offline;
  // Every node reads the same stored choice; they differ only while it changes.
  return entries->second.back().second;
}

}  // namespace presence

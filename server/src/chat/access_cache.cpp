#include "chat/access_cache.hpp"

#include <atomic>
#include <chrono>
#include <unordered_map>

#include "realtime/cluster_notices.hpp"

namespace chat {
namespace {

constexpr auto kLifetime = std::chrono::seconds(1);
// A thread's entries at most; past that it starts again (a second's worth of distinct
// readers and channels is far below this).
constexpr std::size_t kMaxEntries = 65536;

std::atomic<std::uint64_t> current_generation{1};

// Whichever node changed a membership, channel or ban, every node forgets (cluster_notices).
[[maybe_unused]] const bool forgets_on_notice = [] {
  realtime::ClusterNotices::on(realtime::Notice::access_changed,
                               [](std::int64_t) { AccessCache::forget_all(); });
  return true;
}();

struct Key {
  model::Id channel_id;
  model::Id reader_id;
  bool operator==(const Key&) const = default;
};

struct KeyHash {
  std::size_t operator()(const Key& key) const {
    return std::hash<model::Id>()(key.channel_id * 1000003 ^ key.reader_id);
  }
};

struct Entry {
  store::ChannelAccess access;
  std::uint64_t generation = 0;
  std::chrono::steady_clock::time_point expires;
};

std::unordered_map<Key, Entry, KeyHash>& entries() {
  thread_local std::unordered_map<Key, Entry, KeyHash> map;
  return map;
}

}  // namespace

std::uint64_t AccessCache::generation() {
  return current_generation.load(std::memory_order_acquire);
}

std::optional<store::ChannelAccess> AccessCache::find(model::Id channel_id, model::Id reader_id) {
  auto& map = entries();
  auto it = map.find({channel_id, reader_id});
  if (it == map.end()) return std::nullopt;
  if (it->second.generation != generation() ||
      std::chrono::steady_clock::now() >= it->second.expires) {
    map.erase(it);
    return std::nullopt;
  }
  return it->second.access;
}

void AccessCache::remember(model::Id channel_id, model::Id reader_id,
                           const store::ChannelAccess& access, std::uint64_t generation) {
  if (!access.found) return;  // an id that names nothing yet may name a new channel soon
  auto& map = entries();
  if (map.size() >= kMaxEntries) map.clear();
  map[{channel_id, reader_id}] = {access, generation, std::chrono::steady_clock::now() + kLifetime};
}

void AccessCache::forget_all() {
  current_generation.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace chat

#include "realtime/cluster_notices.hpp"

#include <mutex>
#include <utility>
#include <vector>

namespace realtime {
namespace {

struct Registry {
  std::mutex mutex;
  std::vector<std::pair<Notice, ClusterNotices::Handler>> handlers;
  std::vector<std::pair<Notice, ClusterNotices::PeerHandler>> peer_handlers;
  ClusterNotices::Relay relay;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace

void ClusterNotices::on(Notice notice, Handler handler) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.handlers.emplace_back(notice, std::move(handler));
}

void ClusterNotices::on_peer(Notice notice, PeerHandler handler) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.peer_handlers.emplace_back(notice, std::move(handler));
}

void ClusterNotices::set_relay(Relay relay) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.relay = std::move(relay);
}

void ClusterNotices::run_here(Notice notice, std::int64_t argument, std::uint64_t origin) {
  auto& r = registry();
  std::vector<Handler> matching;
  std::vector<PeerHandler> matching_peer;
  {
    std::lock_guard lock(r.mutex);
    for (auto& [kind, handler] : r.handlers)
      if (kind == notice) matching.push_back(handler);
    for (auto& [kind, handler] : r.peer_handlers)
      if (kind == notice) matching_peer.push_back(handler);
  }
  for (auto& handler : matching) handler(argument);
  for (auto& handler : matching_peer) handler(origin, argument);
}

void ClusterNotices::tell_peers(Notice notice, std::int64_t argument) {
  Relay relay;
  {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    relay = r.relay;
  }
  if (relay) relay(notice, argument);
}

void ClusterNotices::raise(Notice notice, std::int64_t argument) {
  run_here(notice, argument);
  Relay relay;
  {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    relay = r.relay;
  }
  if (relay) relay(notice, argument);
}

}  // namespace realtime

// The counters of SPEC §16, for the hot paths to call: each is a few instructions on this
// thread's own slot (metrics/slots.hpp), no lock, no shared cache line. /metrics sums them.
#pragma once
#include <chrono>
#include <cstdint>

#include "metrics/slots.hpp"

namespace metrics {

// parley_deliveries_total: one message frame queued for one socket.
inline void delivery() {
  slot().deliveries.add(1);
}
inline void deliveries(std::uint64_t n) {
  slot().deliveries.add(n);
}

// parley_messages_committed_total and parley_commit_duration_seconds: one commit of the
// writer, how many messages it stored, and how long it took.
inline void commit(std::uint64_t messages, std::chrono::nanoseconds took) {
  auto& s = slot();
  s.messages_committed.add(messages);
  s.commit.observe(static_cast<std::uint64_t>(took.count()), kCommitBounds);
}

// Times a commit: construct before it, call committed(n) once it succeeded.
class CommitTimer {
 public:
  CommitTimer() : started_(std::chrono::steady_clock::now()) {}
  void committed(std::uint64_t messages) const {
    commit(messages, std::chrono::steady_clock::now() - started_);
  }

 private:
  std::chrono::steady_clock::time_point started_;
};

// parley_websockets{kind}: opened / closed.
inline void websocket_opened(WsKind kind) {
  slot().websockets[static_cast<std::size_t>(kind)].add(1);
}
inline void websocket_closed(WsKind kind) {
  slot().websockets[static_cast<std::size_t>(kind)].add(-1);
}

// Counts a socket as open for the life of this object (a member of the session).
class OpenWebSocket {
 public:
  explicit OpenWebSocket(WsKind kind) : kind_(kind) { websocket_opened(kind_); }
  OpenWebSocket(const OpenWebSocket&) = delete;
  OpenWebSocket& operator=(const OpenWebSocket&) = delete;
  ~OpenWebSocket() { websocket_closed(kind_); }

 private:
  WsKind kind_;
};

// parley_ws_closed_slow_total: a socket closed (1008) because it could not keep up.
inline void ws_closed_slow() {
  slot().ws_closed_slow.add(1);
}

// parley_throttled_total{what}.
inline void throttled(Throttle what) {
  slot().throttled[static_cast<std::size_t>(what)].add(1);
}

// parley_http_requests_total{route,status} and parley_http_request_duration_seconds{route}.
// route: a label index from Registry::set_routes (or one of the kRoute* constants).
inline void http_request(std::size_t route, unsigned status, std::chrono::nanoseconds took) {
  auto& s = slot();
  if (route >= kMaxRoutes) route = kMaxRoutes - 1;
  s.http_requests[route][status_slot(status)].add(1);
  s.http_duration[route].observe(static_cast<std::uint64_t>(took.count()), kHttpBounds);
}

// A request refused before it had a route (no duration: it never reached a handler).
inline void http_rejected(unsigned status) {
  slot().http_requests[kRouteRejected][status_slot(status)].add(1);
}

}  // namespace metrics

// State shared by all connections of a run: fixed configuration, phase control, and the
// per-thread statistics (each worker thread owns one WorkerStats; only its atomics are read
// by the main thread while the run is going on).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include <array>

#include "event_scan.hpp"
#include "frame_scan.hpp"
#include "histogram.hpp"
#include "mix.hpp"
#include "target.hpp"

namespace parley_load {

enum Phase : int {
  kConnecting = 0,  // connecting and settling: closes count as handshake failures
  kSending = 1,
  kDraining = 2,
  kClosing = 3,  // we are closing: closes are expected
};

struct RunShared {
  RunShared(const Target& t, std::string p, std::string tag)
      : target(t), path(std::move(p)), scanner(tag), escanner(tag) {}

  const Target& target;
  std::vector<Target> nodes;  // --url then each --node; empty: target alone
  int senders_node = -1;      // --senders-node: every sender on that node (-1: spread)
  std::size_t node_of(std::size_t socket) const {
    return senders_node >= 0 && socket < num_senders ? static_cast<std::size_t>(senders_node)
                                                     : socket % nodes.size();
  }
  std::string path;
  FrameScanner scanner;
  bool track_deliveries = false;  // fanout
  std::uint32_t num_senders = 0;
  std::size_t payload_size = 64;
  bool parley_protocol = true;
  bool closed_loop = false;
  std::chrono::nanoseconds send_interval{0};  // per sender, rate mode
  std::chrono::nanoseconds rate_offset{0};    // stagger between consecutive senders
  std::chrono::nanoseconds echo_timeout{0};
  std::chrono::milliseconds backoff{0};
  std::chrono::milliseconds connect_timeout{10000};
  std::uint32_t verify_every = 1000;
  std::uint32_t seq_bits_hint = 1024;
  std::uint64_t max_messages = 0;

  // Event frames (SPEC §6): seq checks, per-type latency, the mixed load, the gateway.
  EventScanner escanner;
  bool events = false;           // frames are v2 event frames: track seq per receiver
  bool gateway = false;          // /ws/gateway: a ready frame first; messages name their channel
  std::int64_t channel_id = -1;  // the channel whose events are tracked
  std::int64_t base_seq = -1;    // its last seq before the run (-1: take it from ready)
  Mix mix;                       // the senders' actions (messages only by default)
  EventClock clock;              // send times of REST-made events
  std::chrono::milliseconds rest_timeout{10000};
  bool resume_catch_up = false;  // storm: a gateway reads what it missed after its new ready

  std::atomic<int> phase{kConnecting};
  std::atomic<std::uint64_t> send_tickets{0};  // gate for --max-messages
  std::chrono::steady_clock::time_point send_start{};
};

struct alignas(64) LiveCounters {
  std::atomic<std::uint64_t> attempted{0};  // connection attempts finished (ok or not)
  std::atomic<std::uint64_t> handshakes_ok{0};
  std::atomic<std::uint64_t> failed{0};  // connect/handshake failures + closed while settling
  std::atomic<std::int64_t> open{0};
  std::atomic<std::uint64_t> dropped{0};  // closed by the server/network after settling
  std::atomic<std::uint64_t> sent{0};
  std::atomic<std::uint64_t> acked{0};                  // own message seen echoed
  std::atomic<std::uint64_t> resolved_without_echo{0};  // error frame for it, or echo timeout
  std::atomic<std::uint64_t> received{0};               // unique deliveries of this run's messages
  std::atomic<std::uint64_t> ready{0};                  // gateway ready frames received
  std::atomic<std::uint64_t> events{0};  // event frames of the channel with a new seq > base
  std::atomic<std::uint64_t> rest_submitted{0};  // REST actions queued
  std::atomic<std::uint64_t> rest_resolved{0};   // ... answered, or replaced by a message
  std::atomic<std::uint64_t> rest_ok{0};         // ... answered 2xx (each makes one event)
};

// Connection set-up timings (gateway: until the ready frame).
struct ConnectStats {
  Histogram connect_to_ready_ns;  // TCP connect started -> ready received
  Histogram request_to_ready_ns;  // upgrade request written -> ready received
  Histogram upgrade_to_ready_ns;  // 101 received -> ready received
  Histogram connect_to_101_ns;    // TCP connect started -> 101 received
  std::uint64_t ready_bytes_sum = 0, ready_bytes_min = UINT64_MAX, ready_bytes_max = 0;
  std::uint64_t ready_servers = 0, ready_channels = 0;  // of the last ready frame
  std::uint64_t ready_without_channel = 0;  // ready frames not listing the tracked channel
  std::uint64_t ready_bad = 0;              // ready frames that are not the contract's shape
  Histogram connect_to_first_event_ns;      // TCP connect started -> first event of the channel
  Histogram connect_to_caught_up_ns;        // gateway: -> ready and the events route caught up
  std::uint64_t catch_ups = 0, catch_up_pages = 0, catch_up_events = 0;
  std::map<std::string, std::uint64_t> catch_up_failures;  // catch-ups given up
  std::map<std::string, std::uint64_t> catch_up_retries;   // failed pages, asked again
  std::int64_t first_start_ns = 0, last_ready_ns = 0, last_101_ns = 0;
};

struct WorkerStats {
  LiveCounters live;
  // Owned by the worker thread; read by main only after the thread has stopped.
  Histogram latency_ns;
  Histogram cross_node_latency_ns;  // sender on another node than the receiver (--node)
  std::uint64_t frames = 0;
  std::uint64_t chat_frames = 0;
  std::uint64_t foreign = 0;       // chat messages that are not this run's payloads
  std::uint64_t other_frames = 0;  // neither chat.message nor error
  std::uint64_t duplicates = 0;
  std::uint64_t id_order_violations = 0;
  std::uint64_t seq_backwards = 0;
  std::uint64_t missing_id = 0;
  std::uint64_t verified = 0;
  std::uint64_t verify_mismatch = 0;
  std::uint64_t echo_timeouts = 0;
  std::int64_t last_delivery_ns = 0;  // steady_clock ns of the last counted delivery
  std::string first_mismatch;
  std::map<std::string, std::uint64_t> handshake_failures;
  std::map<std::string, std::uint64_t> drops;
  std::map<std::string, std::uint64_t> error_codes;

  // Event frames.
  std::array<Histogram, kEventTypes> type_latency_ns;
  std::array<std::uint64_t, kEventTypes> type_delivered{};  // new seq, tracked channel
  std::array<std::uint64_t, kEventTypes> type_untimed{};    // no send time known for it
  std::uint64_t other_channel_events = 0;
  std::uint64_t resync_frames = 0;
  std::map<std::string, std::uint64_t> rest_results;  // "PUT reaction 204": n
  std::map<std::string, std::uint64_t> fallbacks;     // REST action replaced by a message: why
  ConnectStats connect;
};

}  // namespace parley_load

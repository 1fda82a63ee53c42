// Hot-path scanning of incoming frames by string search (no full JSON parse), plus a
// verifier that parses a sample of frames with Boost.JSON and checks the scanner agreed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "payload.hpp"

namespace parley_load {

struct ScanResult {
  enum class Kind { chat, error, other } kind = Kind::other;
  std::int64_t id = -1;   // new_message.id, -1 when not found
  bool ours = false;      // content is a payload of this run
  PayloadFields payload;  // valid when ours
};

class FrameScanner {
 public:
  explicit FrameScanner(std::string run_tag);

  ScanResult scan(std::string_view frame) const;

  // Full parse with Boost.JSON; returns true when it agrees with `fast`. On disagreement
  // `why` says what differed.
  bool verify(std::string_view frame, const ScanResult& fast, std::string& why) const;

  const std::string& run_tag() const { return tag_; }

 private:
  std::string tag_;
  std::string marker_;  // "\"PL1.<tag>."
};

// Error frame of the Parley protocol: {"type":"error","code":...,"nonce"?:...}.
struct ErrorFrame {
  std::string code;
  bool has_nonce = false;
  std::uint32_t sender = 0;
  std::uint32_t seq = 0;
};
// Slow path (errors are rare): parses the frame with Boost.JSON.
bool parse_error_frame(std::string_view frame, ErrorFrame& out);

}  // namespace parley_load

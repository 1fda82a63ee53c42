// Per receiver and channel: the event sequence numbers seen (SPEC §6: seq starts at 1, is
// gap-free and in commit order). A frame must carry exactly the next seq; anything else is
// counted: a seq seen before is a duplicate, a seq below the highest seen (but new) arrived out
// of order, a jump past the next seq opens a gap. Whatever never arrives between the base
// (the channel's last seq when the receiver started) and the channel's final seq is lost.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>

#include "bitsets.hpp"

namespace parley_load {

class SeqTracker {
 public:
  enum class Seen : std::uint8_t { next, duplicate, out_of_order, after_gap, before_base, bad };
  // A seq this far past the base is garbage, not a gap (it would only cost memory).
  static constexpr std::int64_t kMaxSpan = std::int64_t{1} << 28;

  bool has_base() const { return has_base_; }
  std::int64_t base() const { return base_; }
  std::int64_t max_seen() const { return max_; }
  // Events with seq <= base happened before this receiver started counting.
  void set_base(std::int64_t base) {
    has_base_ = true;
    base_ = base;
    max_ = std::max(max_, base);
  }

  Seen record(std::int64_t seq) {
    if (seq <= 0 || (has_base_ && seq - base_ > kMaxSpan)) {
      ++bad_;
      return Seen::bad;
    }
    if (!has_base_) set_base(seq - 1);  // no base known: count from the first one seen
    if (seq <= base_) {
      ++before_base_;
      return Seen::before_base;
    }
    const auto idx = static_cast<std::uint32_t>(seq - base_ - 1);
    if (seen_.test_and_set(idx)) {
      ++duplicates_;
      return Seen::duplicate;
    }
    ++unique_;
    if (seq < max_) {
      ++out_of_order_;
      return Seen::out_of_order;
    }
    const bool gap = seq > max_ + 1;
    max_ = seq;
    if (gap) {
      ++gaps_;
      return Seen::after_gap;
    }
    return Seen::next;
  }

  // Distinct seqs seen in (base, last].
  std::uint64_t seen_up_to(std::int64_t last) const {
    if (last <= base_) return 0;
    const auto n = static_cast<std::uint64_t>(last - base_);
    const auto& w = seen_.words();
    std::uint64_t c = 0;
    for (std::size_t i = 0; i < w.size() && i * 64 < n; ++i) {
      std::uint64_t word = w[i];
      const std::uint64_t left = n - i * 64;
      if (left < 64) word &= (std::uint64_t{1} << left) - 1;
      c += static_cast<std::uint64_t>(std::popcount(word));
    }
    return c;
  }
  // Seqs in (base, last] never seen.
  std::uint64_t missing_up_to(std::int64_t last) const {
    return last <= base_ ? 0 : static_cast<std::uint64_t>(last - base_) - seen_up_to(last);
  }

  std::uint64_t unique() const { return unique_; }
  std::uint64_t duplicates() const { return duplicates_; }
  std::uint64_t out_of_order() const { return out_of_order_; }
  std::uint64_t gaps() const { return gaps_; }
  std::uint64_t before_base() const { return before_base_; }
  std::uint64_t bad() const { return bad_; }

 private:
  BitVector seen_;  // bit i: seq base + 1 + i
  bool has_base_ = false;
  std::int64_t base_ = 0;
  std::int64_t max_ = 0;
  std::uint64_t unique_ = 0, duplicates_ = 0, out_of_order_ = 0, gaps_ = 0, before_base_ = 0,
                bad_ = 0;
};

}  // namespace parley_load

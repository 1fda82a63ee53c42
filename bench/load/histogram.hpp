// Log-linear latency histogram (HDR-style): exact below 256 ns·unit, then 128 buckets per
// power of two, i.e. a relative bucket width below 0.8 %. One instance per worker thread;
// merged after the threads have stopped.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

namespace parley_load {

class Histogram {
 public:
  static constexpr int kSubBits = 8;                 // 2^8 = 256 exact small values
  static constexpr int kHalf = 1 << (kSubBits - 1);  // 128 buckets per octave above that
  static constexpr int kBuckets = (64 - kSubBits + 2) * kHalf;

  Histogram() : counts_(kBuckets, 0) {}

  void record(std::uint64_t v) {
    ++counts_[index(v)];
    ++count_;
    sum_ += v;
    max_ = std::max(max_, v);
    min_ = std::min(min_, v);
  }

  void merge(const Histogram& o) {
    for (int i = 0; i < kBuckets; ++i) counts_[i] += o.counts_[i];
    count_ += o.count_;
    sum_ += o.sum_;
    max_ = std::max(max_, o.max_);
    min_ = std::min(min_, o.min_);
  }

  std::uint64_t count() const { return count_; }
  std::uint64_t max() const { return count_ ? max_ : 0; }
  std::uint64_t min() const { return count_ ? min_ : 0; }
  double mean() const {
    return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0.0;
  }

  // Value at quantile q (0..1): the midpoint of the bucket holding the q-th sample,
  // clamped to the observed max.
  std::uint64_t quantile(double q) const {
    if (count_ == 0) return 0;
    auto rank = static_cast<std::uint64_t>(q * static_cast<double>(count_));
    if (rank >= count_) rank = count_ - 1;
    std::uint64_t seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
      seen += counts_[i];
      if (seen > rank) return std::min(midpoint(i), max_);
    }
    return max_;
  }

  static int index(std::uint64_t v) {
    if (v < (1u << kSubBits)) return static_cast<int>(v);
    const int msb = 63 - std::countl_zero(v);
    const int shift = msb - (kSubBits - 1);
    return (shift << (kSubBits - 1)) + static_cast<int>(v >> shift);
  }

  static std::uint64_t lower_bound(int idx) {
    if (idx < (1 << kSubBits)) return static_cast<std::uint64_t>(idx);
    const int shift = (idx >> (kSubBits - 1)) - 1;
    const std::uint64_t mant = static_cast<std::uint64_t>(idx - (shift << (kSubBits - 1)));
    return mant << shift;
  }

  static std::uint64_t midpoint(int idx) {
    if (idx < (1 << kSubBits)) return static_cast<std::uint64_t>(idx);
    const std::uint64_t lo = lower_bound(idx);
    const std::uint64_t hi = lower_bound(idx + 1);
    return lo + (hi - lo) / 2;
  }

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t max_ = 0;
  std::uint64_t min_ = UINT64_MAX;
};

}  // namespace parley_load

// Growable bit sets used to record which (sender, seq) messages a socket has seen and which
// messages a sender has seen echoed. Only touched by the thread that owns the connection.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace parley_load {

class BitVector {
 public:
  // Sets bit i; returns its previous value.
  bool test_and_set(std::uint32_t i) {
    const std::size_t w = i >> 6;
    if (w >= words_.size()) words_.resize(std::max<std::size_t>(w + 1, words_.size() * 2), 0);
    const std::uint64_t m = std::uint64_t{1} << (i & 63);
    const bool was = (words_[w] & m) != 0;
    words_[w] |= m;
    return was;
  }
  bool test(std::uint32_t i) const {
    const std::size_t w = i >> 6;
    return w < words_.size() && (words_[w] >> (i & 63) & 1u);
  }
  std::uint64_t count() const {
    std::uint64_t n = 0;
    for (auto w : words_) n += static_cast<std::uint64_t>(std::popcount(w));
    return n;
  }
  const std::vector<std::uint64_t>& words() const { return words_; }

 private:
  std::vector<std::uint64_t> words_;
};

// rows x (64 * words_per_row) bits in one allocation; rows = senders. The row width doubles
// when a sequence number outgrows it.
class BitMatrix {
 public:
  void reset(std::uint32_t rows, std::uint32_t initial_bits) {
    rows_ = rows;
    wpr_ = std::max<std::uint32_t>(1, (initial_bits + 63) / 64);
    data_.assign(static_cast<std::size_t>(rows_) * wpr_, 0);
  }
  bool test_and_set(std::uint32_t row, std::uint32_t bit) {
    const std::uint32_t w = bit >> 6;
    if (w >= wpr_) grow(w + 1);
    std::uint64_t& word = data_[static_cast<std::size_t>(row) * wpr_ + w];
    const std::uint64_t m = std::uint64_t{1} << (bit & 63);
    const bool was = (word & m) != 0;
    word |= m;
    return was;
  }
  // Number of bits set in both row `row` and `other`.
  std::uint64_t count_and(std::uint32_t row, const BitVector& other) const {
    const auto& ow = other.words();
    std::uint64_t n = 0;
    const std::size_t lim = std::min<std::size_t>(wpr_, ow.size());
    const std::uint64_t* r = data_.data() + static_cast<std::size_t>(row) * wpr_;
    for (std::size_t i = 0; i < lim; ++i)
      n += static_cast<std::uint64_t>(std::popcount(r[i] & ow[i]));
    return n;
  }
  std::uint32_t rows() const { return rows_; }

 private:
  void grow(std::uint32_t need) {
    std::uint32_t nw = wpr_;
    while (nw < need) nw *= 2;
    std::vector<std::uint64_t> nd(static_cast<std::size_t>(rows_) * nw, 0);
    for (std::uint32_t r = 0; r < rows_; ++r)
      for (std::uint32_t i = 0; i < wpr_; ++i)
        nd[static_cast<std::size_t>(r) * nw + i] = data_[static_cast<std::size_t>(r) * wpr_ + i];
    data_.swap(nd);
    wpr_ = nw;
  }

  std::uint32_t rows_ = 0;
  std::uint32_t wpr_ = 1;
  std::vector<std::uint64_t> data_;
};

}  // namespace parley_load

// Incremental UTF-8 validation (RFC 3629) for WebSocket text messages (RFC 6455 §8.1): the
// bytes of a message may arrive in any number of pieces, split anywhere, even inside a code
// point; feed() says as soon as the bytes seen so far cannot begin any valid UTF-8 text, so a
// connection fails on the first fragment that makes the prefix invalid, not at the end.
//
// A deterministic automaton over byte classes (in the manner of Björn Höhrmann's decoder, with
// our own tables): one table load per byte, plus an ASCII fast path that skips eight bytes at
// a time while no code point is open. It refuses overlong forms, surrogates (U+D800..U+DFFF),
// code points above U+10FFFF, stray continuation bytes and truncated sequences.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ws {

class Utf8Validator {
 public:
  // False once the bytes fed since the last reset() are not a prefix of valid UTF-8; stays
  // false until reset().
  bool feed(std::string_view bytes);
  // True when the bytes fed so far are complete, valid UTF-8 (no code point left open).
  bool complete() const { return state_ == kAccept; }
  // False once an invalid byte was seen.
  bool valid() const { return state_ != kReject; }
  void reset() { state_ = kAccept; }
  // One fragment of a message: false when the message can no longer be valid, or when this
  // is its last fragment and it ends inside a code point. Ready for the next message after
  // the last fragment.
  bool feed_message_part(std::string_view part, bool last);

  // One-shot check of a whole text.
  static bool is_valid(std::string_view text);

  // States are row offsets into the transition table (multiples of the class count).
  static constexpr std::uint8_t kAccept = 0;
  static constexpr std::uint8_t kReject = 12;

 private:
  std::uint8_t state_ = kAccept;
};

}  // namespace ws

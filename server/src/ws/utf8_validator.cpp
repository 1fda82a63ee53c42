#include "ws/utf8_validator.hpp"

#include <array>
#include <cstring>

namespace ws {
namespace {

// Byte classes: which bytes may follow which is decided by these twelve classes only.
enum Class : std::uint8_t {
  kAscii,    // 00..7F
  kCont80,   // 80..8F  continuation, also the only second byte after F4
  kCont90,   // 90..9F  continuation, the second byte after F0 must be 90..BF
  kContA0,   // A0..BF  continuation, the second byte after E0 must be A0..BF, after ED not
  kLead2,    // C2..DF  two-byte lead
  kLeadE0,   // E0      three-byte lead, overlong below A0
  kLead3,    // E1..EC, EE..EF
  kLeadED,   // ED      three-byte lead, surrogates from A0
  kLeadF0,   // F0      four-byte lead, overlong below 90
  kLead4,    // F1..F3
  kLeadF4,   // F4      four-byte lead, above U+10FFFF from 90
  kInvalid,  // C0, C1 (always overlong), F5..FF (beyond U+10FFFF)
};
constexpr int kClasses = kInvalid + 1;

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> classes{};
  for (int b = 0; b < 256; ++b) {
    std::uint8_t c = kInvalid;
    if (b < 0x80)
      c = kAscii;
    else if (b < 0x90)
      c = kCont80;
    else if (b < 0xA0)
      c = kCont90;
    else if (b < 0xC0)
      c = kContA0;
    else if (b < 0xC2)
      c = kInvalid;
    else if (b < 0xE0)
      c = kLead2;
    else if (b == 0xE0)
      c = kLeadE0;
    else if (b == 0xED)
      c = kLeadED;
    else if (b < 0xF0)
      c = kLead3;
    else if (b == 0xF0)
      c = kLeadF0;
    else if (b < 0xF4)
      c = kLead4;
    else if (b == 0xF4)
      c = kLeadF4;
    classes[b] = c;
  }
  return classes;
}

// States, by row: what the next byte must be.
enum State : std::uint8_t {
  sAccept,  // between code points
  sReject,  // invalid: absorbing
  sNeed1,   // one continuation byte left
  sNeed2,   // two left
  sNeed3,   // three left
  sE0,      // after E0: A0..BF, then one more
  sED,      // after ED: 80..9F, then one more
  sF0,      // after F0: 90..BF, then two more
  sF4,      // after F4: 80..8F, then two more
};
constexpr int kStates = sF4 + 1;

constexpr std::uint8_t row(State s) {
  return static_cast<std::uint8_t>(s * kClasses);
}

constexpr std::array<std::uint8_t, kStates * kClasses> make_transitions() {
  std::array<std::uint8_t, kStates * kClasses> t{};
  for (auto& next : t) next = row(sReject);
  auto set = [&t](State from, Class c, State to) { t[row(from) + c] = row(to); };
  set(sAccept, kAscii, sAccept);
  set(sAccept, kLead2, sNeed1);
  set(sAccept, kLeadE0, sE0);
  set(sAccept, kLead3, sNeed2);
  set(sAccept, kLeadED, sED);
  set(sAccept, kLeadF0, sF0);
  set(sAccept, kLead4, sNeed3);
  set(sAccept, kLeadF4, sF4);
  for (Class c : {kCont80, kCont90, kContA0}) {
    set(sNeed1, c, sAccept);
    set(sNeed2, c, sNeed1);
    set(sNeed3, c, sNeed2);
  }
  set(sE0, kContA0, sNeed1);
  set(sED, kCont80, sNeed1);
  set(sED, kCont90, sNeed1);
  set(sF0, kCont90, sNeed2);
  set(sF0, kContA0, sNeed2);
  set(sF4, kCont80, sNeed2);
  return t;
}

constexpr auto kClassOf = make_classes();
constexpr auto kNext = make_transitions();
static_assert(row(sAccept) == Utf8Validator::kAccept && row(sReject) == Utf8Validator::kReject);

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

}  // namespace

bool Utf8Validator::feed(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  std::uint8_t state = state_;
  while (p < end) {
    if (state == kAccept && *p < 0x80) {
      // Between code points, ASCII needs no automaton: skip it a word at a time, then byte
      // by byte up to the next lead byte.
      ++p;
      while (end - p >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, sizeof word);
        if (word & kHighBits) break;
        p += 8;
      }
      while (p < end && *p < 0x80) ++p;
      continue;
    }
    state = kNext[state + kClassOf[*p++]];
    if (state == kReject) break;
  }
  state_ = state;
  return state != kReject;
}

bool Utf8Validator::feed_message_part(std::string_view part, bool last) {
  if (!feed(part)) return false;
  if (!last) return true;
  bool whole = complete();
  reset();
  return whole;
}

bool Utf8Validator::is_valid(std::string_view text) {
  Utf8Validator validator;
  return validator.feed(text) && validator.complete();
}

}  // namespace ws

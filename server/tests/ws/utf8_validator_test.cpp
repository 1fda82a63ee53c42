#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ws/utf8_validator.hpp"

namespace {

using ws::Utf8Validator;

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out.push_back(static_cast<char>(b));
  return out;
}

// The UTF-8 encoding of a code point, without any checks (so it can also build surrogates
// and values above U+10FFFF the way a careless encoder would).
std::string encode(std::uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return out;
}

// A straightforward reference decoder, to compare the automaton against.
bool reference_valid(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto b = static_cast<unsigned char>(text[i]);
    std::size_t n;
    std::uint32_t cp;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      n = 2, cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      n = 3, cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      n = 4, cp = b & 0x07;
    } else {
      return false;
    }
    if (i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    const std::uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

// Feeds text split at every position (two pieces) and checks each split gives `expected`,
// and that an invalid text is reported no later than the piece holding the first bad byte.
void expect_at_every_split(const std::string& text, bool expected) {
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    Utf8Validator v;
    bool first = v.feed(std::string_view(text).substr(0, cut));
    bool second = first && v.feed(std::string_view(text).substr(cut));
    bool result = second && v.complete();
    EXPECT_EQ(result, expected) << "split at " << cut;
  }
  // Byte by byte, a valid text is never refused on the way.
  if (expected) {
    Utf8Validator v;
    for (std::size_t i = 0; i < text.size(); ++i) {
      EXPECT_TRUE(v.feed(std::string_view(text).substr(i, 1))) << "byte " << i;
    }
    EXPECT_TRUE(v.complete());
  }
}

}  // namespace

TEST(Utf8Validator, AcceptsAsciiAndEmpty) {
  EXPECT_TRUE(Utf8Validator::is_valid(""));
  EXPECT_TRUE(Utf8Validator::is_valid("Hello, world! {\"type\":\"message\"}"));
  EXPECT_TRUE(Utf8Validator::is_valid(std::string(1000, 'a')));
  EXPECT_TRUE(Utf8Validator::is_valid(std::string("\0\x7f", 2)));
}

TEST(Utf8Validator, AcceptsEveryLengthAndTheBoundaries) {
  for (std::uint32_t cp : {0x0u,     0x7Fu,    0x80u,    0x7FFu,   0x800u,    0xFFFu,   0x1000u,
                           0xCFFFu,  0xD000u,  0xD7FFu,  0xE000u,  0xFFFDu,   0xFFFEu,  0xFFFFu,
                           0x10000u, 0x3FFFFu, 0x40000u, 0xFFFFFu, 0x100000u, 0x10FFFFu}) {
    EXPECT_TRUE(Utf8Validator::is_valid(encode(cp))) << std::hex << cp;
  }
  // "κόσμε" and the Autobahn 6.2 text "Hello-µ@ßöäüàá-UTF-8!!".
  EXPECT_TRUE(Utf8Validator::is_valid("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"));
  EXPECT_TRUE(
      Utf8Validator::is_valid("Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0"
                              "\xc3\xa1-UTF-8!!"));
}

TEST(Utf8Validator, AgreesWithAReferenceOnEveryCodePoint) {
  for (std::uint32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x11000 ? 1 : 97)) {
    auto text = encode(cp);
    bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    EXPECT_EQ(Utf8Validator::is_valid(text), !surrogate) << std::hex << cp;
  }
}

TEST(Utf8Validator, RefusesSurrogates) {
  for (std::uint32_t cp : {0xD800u, 0xDB7Fu, 0xDB80u, 0xDBFFu, 0xDC00u, 0xDF80u, 0xDFFFu}) {
    EXPECT_FALSE(Utf8Validator::is_valid(encode(cp))) << std::hex << cp;
  }
  // A CESU-8 pair (U+10000 as two surrogates).
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80})));
}

TEST(Utf8Validator, RefusesCodePointsAboveTheLast) {
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xF4, 0x90, 0x80, 0x80})));        // U+110000
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xF7, 0xBF, 0xBF, 0xBF})));        // U+1FFFFF
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xF8, 0x88, 0x80, 0x80, 0x80})));  // 5 bytes
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xFC, 0x84, 0x80, 0x80, 0x80, 0x80})));
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xFE})));
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xFF})));
}

TEST(Utf8Validator, RefusesOverlongForms) {
  // "/" (U+002F) and the largest overlong of each length.
  for (auto text :
       {bytes({0xC0, 0xAF}), bytes({0xE0, 0x80, 0xAF}), bytes({0xF0, 0x80, 0x80, 0xAF}),
        bytes({0xC1, 0xBF}), bytes({0xE0, 0x9F, 0xBF}), bytes({0xF0, 0x8F, 0xBF, 0xBF}),
        bytes({0xC0, 0x80}), bytes({0xE0, 0x80, 0x80}), bytes({0xF0, 0x80, 0x80, 0x80})}) {
    EXPECT_FALSE(Utf8Validator::is_valid(text));
  }
}

TEST(Utf8Validator, RefusesStrayAndMissingContinuations) {
  for (int b = 0x80; b <= 0xBF; ++b) EXPECT_FALSE(Utf8Validator::is_valid(bytes({b}))) << b;
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xC3, 0x41})));        // lead then ASCII
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xE2, 0x82})));        // truncated 3-byte
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xF0, 0x9F, 0x98})));  // truncated 4-byte
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xC3, 0xA9, 0xA9})));  // one too many
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xE2, 0x82, 0xC3})));  // lead interrupts
  EXPECT_FALSE(Utf8Validator::is_valid(bytes({0xC2})));              // lone lead at the end
  EXPECT_FALSE(Utf8Validator::is_valid("abcdefgh\x80"));             // after a fast word
  EXPECT_FALSE(Utf8Validator::is_valid(std::string(64, 'a') + "\xff"));
}

TEST(Utf8Validator, AgreesWithTheReferenceOnEveryTwoAndThreeByteString) {
  std::string text(2, '\0');
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      text[0] = static_cast<char>(a);
      text[1] = static_cast<char>(b);
      ASSERT_EQ(Utf8Validator::is_valid(text), reference_valid(text)) << a << " " << b;
    }
  }
  // Three bytes with an interesting lead: all leads from C0, every second and third byte.
  text.assign(3, '\0');
  for (int a = 0xC0; a < 256; ++a) {
    for (int b = 0x70; b < 0xD0; ++b) {
      for (int c = 0x70; c < 0xD0; ++c) {
        text = bytes({a, b, c});
        ASSERT_EQ(Utf8Validator::is_valid(text), reference_valid(text))
            << a << " " << b << " " << c;
      }
    }
  }
}

TEST(Utf8Validator, GivesTheSameAnswerAtEverySplit) {
  std::vector<std::pair<std::string, bool>> cases = {
      {"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5", true},
      {"ab\xf0\x9f\x98\x80"
       "cdefghijklmnop\xe2\x82\xac",
       true},
      {"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80"
       "edited",
       false},
      {"0123456789\xf4\x90\x80\x80", false},
      {"abc\xc0\xaf", false},
      {"\xf0\x9f\x98", false},
  };
  for (const auto& [text, valid] : cases) expect_at_every_split(text, valid);
}

TEST(Utf8Validator, FailsOnTheFirstBadByteNotAtTheEnd) {
  // Autobahn 6.4.1: the invalid code point sits in the middle fragment.
  std::string first = "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5";
  std::string bad = "\xf4\x90\x80\x80";
  std::string rest = "edited";
  Utf8Validator v;
  EXPECT_TRUE(v.feed_message_part(first, false));
  EXPECT_FALSE(v.feed_message_part(bad, false));
  // Byte by byte the refusal comes on the second byte of F4 90: 90 is impossible after F4.
  Utf8Validator bytewise;
  EXPECT_TRUE(bytewise.feed(first));
  EXPECT_TRUE(bytewise.feed("\xf4"));
  EXPECT_FALSE(bytewise.feed("\x90"));
  EXPECT_FALSE(bytewise.valid());
  EXPECT_FALSE(bytewise.feed("ok"));  // stays refused
}

TEST(Utf8Validator, MessagePartsResetAfterTheLast) {
  Utf8Validator v;
  EXPECT_TRUE(v.feed_message_part("\xe2\x82", false));  // a code point split across fragments
  EXPECT_TRUE(v.feed_message_part("\xac", true));
  EXPECT_TRUE(v.complete());
  EXPECT_FALSE(v.feed_message_part("\xe2\x82", true));  // the message ends inside one
  EXPECT_TRUE(v.complete());                            // ready for the next message
  EXPECT_TRUE(v.feed_message_part("next", true));
}

// The WebSocket read path as a Session runs it: bytes arriving in chunks, frames parsed in
// place (ws/frame_parser), fragments assembled, text validated incrementally as UTF-8
// (ws/utf8_validator), close frames judged (ws/close_frame), complete text read as JSON
// (ws/client_request). The validator is also checked against a plain reference decoder.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "ws/client_request.hpp"
#include "ws/close_frame.hpp"
#include "ws/frame_parser.hpp"
#include "ws/utf8_validator.hpp"

namespace {

constexpr std::size_t kMaxMessage = 64 * 1024;

// RFC 3629, decoded the slow, obvious way.
bool reference_valid(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto b = static_cast<unsigned char>(text[i]);
    std::size_t n;
    std::uint32_t cp;
    if (b < 0x80) {
      ++i;
      continue;
    }
    if ((b & 0xE0) == 0xC0) {
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
    constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

struct Reader {
  ws::Utf8Validator utf8;
  bool in_message = false;
  std::uint8_t message_opcode = 0;
  std::string message;
  bool failed = false;

  // One parsed frame, as Session::on_frame treats it; false when the connection ends.
  bool on_frame(const ws::ClientFrame& frame) {
    std::string_view payload(frame.payload, frame.size);
    FUZZ_CHECK(frame.size <= kMaxMessage);
    switch (frame.opcode) {
      case ws::kPing:
      case ws::kPong:
        FUZZ_CHECK(frame.fin && frame.size <= 125);
        return true;
      case ws::kClose: {
        FUZZ_CHECK(frame.fin && frame.size <= 125);
        auto close = ws::read_peer_close(payload);
        if (close.code) FUZZ_CHECK(ws::close_code_may_be_sent(*close.code));
        if (close.well_formed && payload.size() > 2) {
          FUZZ_CHECK(reference_valid(payload.substr(2)));
        }
        return false;
      }
      default:
        break;
    }
    if (frame.opcode == ws::kContinuation) {
      if (!in_message) return false;                                // 1002
      if (message.size() + frame.size > kMaxMessage) return false;  // 1009
      if (message_opcode == ws::kText && !utf8.feed_message_part(payload, frame.fin)) {
        // 1007: the text so far cannot be the start of valid UTF-8.
        FUZZ_CHECK(!reference_valid(message + std::string(payload)));
        return false;
      }
      message.append(payload);
      if (!frame.fin) return true;
      in_message = false;
      complete(message_opcode, message);
      message.clear();
      return true;
    }
    FUZZ_CHECK(frame.opcode == ws::kText || frame.opcode == ws::kBinary);
    if (in_message) return false;  // 1002
    if (frame.opcode == ws::kText && !utf8.feed_message_part(payload, frame.fin)) {
      FUZZ_CHECK(!reference_valid(payload));
      return false;
    }
    if (frame.fin) {
      complete(frame.opcode, payload);
      return true;
    }
    in_message = true;
    message_opcode = frame.opcode;
    message.assign(payload);
    return true;
  }

  void complete(std::uint8_t opcode, std::string_view payload) {
    if (opcode != ws::kText) return;
    FUZZ_CHECK(reference_valid(payload));  // the validator let it through
    FUZZ_CHECK(utf8.complete());
    ws::parse_client_request(payload);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // First byte: how the bytes arrive (chunk size; 0 = all at once), as reads of a socket do.
  std::size_t chunk = data[0] == 0 ? size : data[0];
  std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

  Reader reader;
  std::string buffer;  // what a Session keeps in partial_
  for (std::size_t at = 0; at < stream.size() && !reader.failed; at += chunk) {
    buffer.append(stream.substr(at, chunk));
    std::size_t offset = 0;
    for (;;) {
      auto result =
          ws::parse_client_frame(buffer.data() + offset, buffer.size() - offset, kMaxMessage);
      if (result.status == ws::ParseStatus::need_more) break;
      if (result.status != ws::ParseStatus::frame) {
        reader.failed = true;  // 1002 or 1009
        break;
      }
      FUZZ_CHECK(result.consumed > 0 && result.consumed <= buffer.size() - offset);
      FUZZ_CHECK(result.frame.payload >= buffer.data() + offset);
      FUZZ_CHECK(result.frame.payload + result.frame.size <=
                 buffer.data() + offset + result.consumed);
      offset += result.consumed;
      if (!reader.on_frame(result.frame)) {
        reader.failed = true;
        break;
      }
    }
    if (reader.failed) break;
    buffer.erase(0, offset);
    // A frame still arriving fails as soon as its text cannot be UTF-8.
    bool text_open = reader.in_message && reader.message_opcode == ws::kText;
    if (!ws::partial_frame_text_may_be_valid(buffer.data(), buffer.size(),
                                             text_open ? &reader.utf8 : nullptr)) {
      reader.failed = true;
    }
  }

  // The validator on the raw stream: whole, and a byte at a time, agrees with the reference.
  bool whole = ws::Utf8Validator::is_valid(stream);
  FUZZ_CHECK(whole == reference_valid(stream));
  ws::Utf8Validator bytewise;
  for (char c : stream) bytewise.feed(std::string_view(&c, 1));
  FUZZ_CHECK((bytewise.valid() && bytewise.complete()) == whole);
  return 0;
}

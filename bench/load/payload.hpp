// The text the load tool sends as a chat message, and its parser.
//
//   PL1.<run tag>.<sender index>.<seq>.<send time, steady_clock ns>.<padding 'x'...>
//
// No characters that JSON would escape, so the content appears verbatim in the server's frame
// and can be found by plain string search. The run tag (random hex per run) keeps messages
// of other runs, or of people chatting in the channel, out of the statistics.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace parley_load {

struct PayloadFields {
  std::uint32_t sender = 0;
  std::uint32_t seq = 0;
  std::int64_t send_ns = 0;
};

// Appends the payload text for (sender, seq, ns) to `out`, padded with 'x' to `size` bytes
// (the header is never truncated).
inline void append_payload(std::string& out, std::string_view run_tag, std::uint32_t sender,
                           std::uint32_t seq, std::int64_t send_ns, std::size_t size) {
  const std::size_t start = out.size();
  char num[24];
  auto put = [&](auto v) {
    auto r = std::to_chars(num, num + sizeof num, v);
    out.append(num, r.ptr);
  };
  out.append("PL1.");
  out.append(run_tag);
  out.push_back('.');
  put(sender);
  out.push_back('.');
  put(seq);
  out.push_back('.');
  put(send_ns);
  out.push_back('.');
  const std::size_t len = out.size() - start;
  if (len < size) out.append(size - len, 'x');
}

// Writes the message frame for (sender, seq, ns) to `out` (cleared first). With a channel id
// (the gateway's frame) it names the channel.
inline void build_message_frame(std::string& out, std::string_view run_tag, std::uint32_t sender,
                                std::uint32_t seq, std::int64_t send_ns, std::size_t size,
                                bool with_nonce, std::int64_t channel_id = -1) {
  char num[24];
  auto put = [&](auto v) {
    auto r = std::to_chars(num, num + sizeof num, v);
    out.append(num, r.ptr);
  };
  out.clear();
  out.append(R"({"type":"message",)");
  if (channel_id >= 0) {
    out.append(R"("channel_id":)");
    put(channel_id);
    out.push_back(',');
  }
  out.append(R"("message":")");
  append_payload(out, run_tag, sender, seq, send_ns, size);
  out.push_back('"');
  if (with_nonce) {
    out.append(R"(,"nonce":")");
    put(sender);
    out.push_back('.');
    put(seq);
    out.push_back('"');
  }
  out.push_back('}');
}

// Parses "<sender>.<seq>.<ns>." starting at p (just after "PL1.<tag>."). Returns false when
// the text does not have that shape.
inline bool parse_payload_tail(const char* p, const char* end, PayloadFields& f) {
  auto r1 = std::from_chars(p, end, f.sender);
  if (r1.ec != std::errc{} || r1.ptr == end || *r1.ptr != '.') return false;
  auto r2 = std::from_chars(r1.ptr + 1, end, f.seq);
  if (r2.ec != std::errc{} || r2.ptr == end || *r2.ptr != '.') return false;
  auto r3 = std::from_chars(r2.ptr + 1, end, f.send_ns);
  if (r3.ec != std::errc{} || r3.ptr == end || *r3.ptr != '.') return false;
  return true;
}

// Parses a full payload string (the message content). Used by the verifier.
inline bool parse_payload(std::string_view content, std::string_view run_tag, PayloadFields& f) {
  if (content.size() < 5 + run_tag.size() || content.substr(0, 4) != "PL1." ||
      content.substr(4, run_tag.size()) != run_tag || content[4 + run_tag.size()] != '.')
    return false;
  const char* p = content.data() + 5 + run_tag.size();
  return parse_payload_tail(p, content.data() + content.size(), f);
}

}  // namespace parley_load

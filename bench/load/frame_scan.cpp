#include "frame_scan.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace parley_load {

namespace {

bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Finds the integer value of the first key "id" at or after `from`. A key is a quoted "id"
// (not preceded by a backslash, so not inside an escaped string) followed by optional
// whitespace and a colon.
std::int64_t find_id(std::string_view f, std::size_t from) {
  constexpr std::string_view key = "\"id\"";
  for (std::size_t pos = f.find(key, from); pos != std::string_view::npos;
       pos = f.find(key, pos + 1)) {
    if (pos > 0 && f[pos - 1] == '\\') continue;
    std::size_t p = pos + key.size();
    while (p < f.size() && is_ws(f[p])) ++p;
    if (p >= f.size() || f[p] != ':') continue;
    ++p;
    while (p < f.size() && is_ws(f[p])) ++p;
    std::int64_t v = -1;
    auto r = std::from_chars(f.data() + p, f.data() + f.size(), v);
    if (r.ec == std::errc{}) return v;
    return -1;
  }
  return -1;
}

}  // namespace

FrameScanner::FrameScanner(std::string run_tag)
    : tag_(std::move(run_tag)), marker_("\"PL1." + tag_ + ".") {}

ScanResult FrameScanner::scan(std::string_view f) const {
  ScanResult r;
  const std::size_t nm = f.find("\"new_message\"");
  if (nm == std::string_view::npos) {
    if (f.find("\"error\"") != std::string_view::npos) r.kind = ScanResult::Kind::error;
    return r;
  }
  r.kind = ScanResult::Kind::chat;
  r.id = find_id(f, nm);
  const std::size_t m = f.find(marker_, nm);
  if (m != std::string_view::npos) {
    const char* p = f.data() + m + marker_.size();
    r.ours = parse_payload_tail(p, f.data() + f.size(), r.payload);
  }
  return r;
}

bool FrameScanner::verify(std::string_view frame, const ScanResult& fast, std::string& why) const {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(frame, ec);
  if (ec) {
    why = "not JSON: " + ec.message();
    return false;
  }
  const auto* obj = v.if_object();
  const auto* type = obj ? obj->if_contains("type") : nullptr;
  const bool is_chat = type && type->is_string() && type->get_string() == "chat.message";
  if (!is_chat) {
    if (fast.kind == ScanResult::Kind::chat) {
      why = "scanner saw a chat message, JSON type is not chat.message";
      return false;
    }
    return true;
  }
  if (fast.kind != ScanResult::Kind::chat) {
    why = "scanner missed a chat.message";
    return false;
  }
  const auto* nm = obj->if_contains("new_message");
  const auto* nmo = nm ? nm->if_object() : nullptr;
  if (!nmo) {
    why = "chat.message without new_message object";
    return false;
  }
  std::int64_t id = -1;
  if (const auto* idv = nmo->if_contains("id"); idv && idv->is_int64()) id = idv->get_int64();
  if (id != fast.id) {
    why = "id: scanner " + std::to_string(fast.id) + ", JSON " + std::to_string(id);
    return false;
  }
  PayloadFields pf;
  bool ours = false;
  if (const auto* c = nmo->if_contains("content"); c && c->is_string()) {
    const auto& s = c->get_string();
    ours = parse_payload(std::string_view(s.data(), s.size()), tag_, pf);
  }
  if (ours != fast.ours) {
    why = std::string("payload ownership: scanner ") + (fast.ours ? "ours" : "foreign") +
          ", JSON " + (ours ? "ours" : "foreign");
    return false;
  }
  if (ours && (pf.sender != fast.payload.sender || pf.seq != fast.payload.seq ||
               pf.send_ns != fast.payload.send_ns)) {
    why = "payload fields differ";
    return false;
  }
  return true;
}

bool parse_error_frame(std::string_view frame, ErrorFrame& out) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(frame, ec);
  if (ec || !v.is_object()) return false;
  const auto& o = v.get_object();
  const auto* type = o.if_contains("type");
  if (!type || !type->is_string() || type->get_string() != "error") return false;
  if (const auto* c = o.if_contains("code"); c && c->is_string())
    out.code = std::string(c->get_string());
  else
    out.code = "(no code)";
  if (const auto* n = o.if_contains("nonce"); n && n->is_string()) {
    std::string_view s(n->get_string().data(), n->get_string().size());
    const auto dot = s.find('.');
    if (dot != std::string_view::npos) {
      auto r1 = std::from_chars(s.data(), s.data() + dot, out.sender);
      auto r2 = std::from_chars(s.data() + dot + 1, s.data() + s.size(), out.seq);
      out.has_nonce = r1.ec == std::errc{} && r2.ec == std::errc{};
    }
  }
  return true;
}

}  // namespace parley_load

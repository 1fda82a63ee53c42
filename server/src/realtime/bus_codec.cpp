#include "realtime/bus_codec.hpp"

#include <cstdint>

namespace realtime {
namespace {

constexpr std::uint8_t kVersion = 1;
constexpr std::uint32_t kNullWire = 0xFFFFFFFFu;

class Writer {
 public:
  explicit Writer(BusKind kind, std::uint64_t node) {
    out_.push_back(static_cast<char>(kVersion));
    out_.push_back(static_cast<char>(kind));
    u64(node);
  }
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void bytes(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  void wire(const Wire& w) {
    if (!w) return u32(kNullWire);
    bytes(*w);
  }
  void topics(const std::vector<Topic>& list) {
    u32(static_cast<std::uint32_t>(list.size()));
    for (auto t : list) u64(t);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && pos_ == in_.size(); }
  std::uint8_t u8() {
    if (!need(1)) return 0;
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  std::uint32_t u32() {
    if (!need(4)) return 0;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
      v |= std::uint32_t{static_cast<std::uint8_t>(in_[pos_++])} << (8 * i);
    return v;
  }
  std::uint64_t u64() {
    if (!need(8)) return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
      v |= std::uint64_t{static_cast<std::uint8_t>(in_[pos_++])} << (8 * i);
    return v;
  }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  std::string bytes() {
    auto size = u32();
    if (size > kMaxBusFrameBytes || !need(size)) return fail(), std::string();
    std::string s(in_.substr(pos_, size));
    pos_ += size;
    return s;
  }
  Wire wire() {
    if (!need(4)) return nullptr;
    std::uint32_t size = 0;  // peeked: bytes() reads it again
    for (int i = 0; i < 4; ++i)
      size |= std::uint32_t{static_cast<std::uint8_t>(in_[pos_ + i])} << (8 * i);
    if (size == kNullWire) return pos_ += 4, nullptr;
    return std::make_shared<const std::string>(bytes());
  }
  // 0 or 1; anything else is not a spelling of this format.
  bool flag() {
    auto v = u8();
    if (v > 1) fail();
    return v == 1;
  }
  std::size_t count() {
    auto n = u32();
    if (n > kMaxBusListItems) return fail(), 0;
    return n;
  }
  std::vector<Topic> topics() {
    std::vector<Topic> list(count());
    for (auto& t : list) t = u64();
    return list;
  }
  void fail() { ok_ = false; }

 private:
  bool need(std::size_t n) {
    if (!ok_ || in_.size() - pos_ < n) return ok_ = false;
    return true;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string encode_delivery(std::uint64_t node, const Delivery& d) {
  Writer w(BusKind::delivery, node);
  w.u64(d.topic);
  w.i64(d.channel_id);
  w.i64(d.seq);
  w.i64(d.message_id);
  w.i64(d.except_user);
  w.i64(d.revoke_user);
  w.i64(d.roster_server);
  w.wire(d.original);
  w.wire(d.parley);
  w.wire(d.gateway);
  w.u8(d.change ? 1 : 0);
  if (d.change) {
    const auto& c = *d.change;
    w.i64(c.server_id);
    w.i64(c.owner_id);
    w.topics(c.subscribe);
    w.topics(c.unsubscribe);
    w.u8(c.created_channel ? 1 : 0);
    if (c.created_channel) {
      const auto& ch = *c.created_channel;
      w.i64(ch.id);
      w.i64(ch.server_id);
      w.i64(ch.owner_id);
      w.bytes(ch.name);
      w.bytes(ch.topic);
      w.i64(ch.position);
      w.i64(ch.last_message_id);
      w.i64(ch.last_seq);
    }
  }
  return w.take();
}

std::string encode_notice(std::uint64_t node, const BusNotice& notice) {
  Writer w(BusKind::notice, node);
  w.u8(notice.kind);
  w.i64(notice.argument);
  return w.take();
}

std::string encode_heartbeat(std::uint64_t node, const BusHeartbeat& heartbeat) {
  Writer w(BusKind::heartbeat, node);
  w.u64(heartbeat.counter);
  w.u32(static_cast<std::uint32_t>(heartbeat.positions.size()));
  for (auto [channel, seq] : heartbeat.positions) {
    w.i64(channel);
    w.i64(seq);
  }
  return w.take();
}

std::optional<BusMessage> decode_bus_message(std::string_view bytes) {
  Reader r(bytes);
  if (r.u8() != kVersion) return std::nullopt;
  auto kind = r.u8();
  BusMessage m;
  m.node = r.u64();
  switch (kind) {
    case static_cast<std::uint8_t>(BusKind::delivery): {
      m.kind = BusKind::delivery;
      auto& d = m.delivery;
      d.topic = r.u64();
      d.channel_id = r.i64();
      d.seq = r.i64();
      d.message_id = r.i64();
      d.except_user = r.i64();
      d.revoke_user = r.i64();
      d.roster_server = r.i64();
      d.original = r.wire();
      d.parley = r.wire();
      d.gateway = r.wire();
      if (r.flag()) {
        auto c = std::make_shared<SubscriptionChange>();
        c->server_id = r.i64();
        c->owner_id = r.i64();
        c->subscribe = r.topics();
        c->unsubscribe = r.topics();
        if (r.flag()) {
          model::Channel ch;
          ch.id = r.i64();
          ch.server_id = r.i64();
          ch.owner_id = r.i64();
          ch.name = r.bytes();
          ch.topic = r.bytes();
          auto position = r.i64();
          if (position < INT32_MIN || position > INT32_MAX) return std::nullopt;
          ch.position = static_cast<int>(position);
          ch.last_message_id = r.i64();
          ch.last_seq = r.i64();
          c->created_channel = std::move(ch);
        }
        d.change = std::move(c);
      }
      break;
    }
    case static_cast<std::uint8_t>(BusKind::notice):
      m.kind = BusKind::notice;
      m.notice.kind = r.u8();
      m.notice.argument = r.i64();
      break;
    case static_cast<std::uint8_t>(BusKind::heartbeat): {
      m.kind = BusKind::heartbeat;
      m.heartbeat.counter = r.u64();
      auto n = r.count();
      m.heartbeat.positions.reserve(r.ok() ? n : 0);
      for (std::size_t i = 0; i < n && r.ok(); ++i) {
        auto channel = r.i64();
        auto seq = r.i64();
        m.heartbeat.positions.emplace_back(channel, seq);
      }
      break;
    }
    default:
      return std::nullopt;
  }
  if (!r.done()) return std::nullopt;
  return m;
}

}  // namespace realtime

#include "event_scan.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <initializer_list>

namespace parley_load {

namespace json = boost::json;

namespace {

constexpr auto npos = std::string_view::npos;

bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Position of the value of the first key `qkey` (given with its quotes) at or after `from`, or
// npos. A key is the quoted name not preceded by a backslash (so not inside an escaped string)
// and followed by optional whitespace and a colon.
std::size_t value_pos(std::string_view f, std::string_view qkey, std::size_t from) {
  for (std::size_t pos = f.find(qkey, from); pos != npos; pos = f.find(qkey, pos + 1)) {
    if (pos > 0 && f[pos - 1] == '\\') continue;
    std::size_t p = pos + qkey.size();
    while (p < f.size() && is_ws(f[p])) ++p;
    if (p >= f.size() || f[p] != ':') continue;
    ++p;
    while (p < f.size() && is_ws(f[p])) ++p;
    return p < f.size() ? p : npos;
  }
  return npos;
}

std::int64_t int_value(std::string_view f, std::string_view qkey, std::size_t from) {
  const std::size_t p = value_pos(f, qkey, from);
  if (p == npos) return -1;
  std::int64_t v = -1;
  auto r = std::from_chars(f.data() + p, f.data() + f.size(), v);
  return r.ec == std::errc{} ? v : -1;
}

// The raw text of the string value of `qkey` (between the quotes, escapes kept).
std::string_view string_value(std::string_view f, std::string_view qkey, std::size_t from) {
  const std::size_t p = value_pos(f, qkey, from);
  if (p == npos || f[p] != '"') return {};
  for (std::size_t q = p + 1; q < f.size(); ++q) {
    if (f[q] == '\\') {
      ++q;
      continue;
    }
    if (f[q] == '"') return f.substr(p + 1, q - p - 1);
  }
  return {};
}

bool true_value(std::string_view f, std::string_view qkey, std::size_t from) {
  const std::size_t p = value_pos(f, qkey, from);
  return p != npos && f.compare(p, 4, "true") == 0;
}

EventType type_of(std::string_view t) {
  if (t == "chat.message") return EventType::message;
  if (t == "chat.message_update") return EventType::update;
  if (t == "chat.message_delete") return EventType::remove;
  if (t == "chat.reaction_add") return EventType::reaction_add;
  if (t == "chat.reaction_remove") return EventType::reaction_remove;
  if (t == "ready") return EventType::ready;
  if (t == "error") return EventType::error;
  if (t == "resync_required") return EventType::resync;
  return EventType::other;
}

// The first key of `keys` missing from `o`, or nullptr.
const char* missing_key(const json::object& o, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (!o.contains(k)) return k;
  return nullptr;
}

std::int64_t json_int(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  return v && v->is_int64() ? v->get_int64() : -1;
}

}  // namespace

const char* event_type_name(EventType t) {
  switch (t) {
    case EventType::message:
      return "chat.message";
    case EventType::update:
      return "chat.message_update";
    case EventType::remove:
      return "chat.message_delete";
    case EventType::reaction_add:
      return "chat.reaction_add";
    case EventType::reaction_remove:
      return "chat.reaction_remove";
    case EventType::ready:
      return "ready";
    case EventType::error:
      return "error";
    case EventType::resync:
      return "resync_required";
    default:
      return "other";
  }
}

EventScanner::EventScanner(std::string run_tag)
    : tag_(std::move(run_tag)), marker_("\"PL1." + tag_ + ".") {}

EventScan EventScanner::scan(std::string_view f) const {
  EventScan r;
  r.type = type_of(string_value(f, "\"type\"", 0));
  if (!is_event(r.type)) return r;
  r.channel_id = int_value(f, "\"channel_id\"", 0);
  r.seq = int_value(f, "\"seq\"", 0);
  std::size_t body = 0;  // where the message object (message, update) starts
  switch (r.type) {
    case EventType::message:
    case EventType::update:
      body = value_pos(f, r.type == EventType::message ? "\"new_message\"" : "\"message\"", 0);
      if (body == npos) return r;
      r.id = int_value(f, "\"id\"", body);
      r.deleted = true_value(f, "\"deleted\"", body);
      if (r.type == EventType::message) r.user_id = int_value(f, "\"sender_id\"", body);
      if (const std::size_t m = f.find(marker_, body); m != npos)
        r.ours = parse_payload_tail(f.data() + m + marker_.size(), f.data() + f.size(), r.payload);
      break;
    case EventType::remove:
      r.id = int_value(f, "\"id\"", 0);
      break;
    default:  // reactions
      r.id = int_value(f, "\"message_id\"", 0);
      r.user_id = int_value(f, "\"user_id\"", 0);
      r.emoji = string_value(f, "\"emoji\"", 0);
      r.deleted = true_value(f, "\"deleted\"", 0);
      break;
  }
  return r;
}

bool decode_json_string(std::string_view raw, std::string& out) {
  std::string quoted;
  quoted.reserve(raw.size() + 2);
  quoted.push_back('"');
  quoted.append(raw);
  quoted.push_back('"');
  boost::system::error_code ec;
  json::value v = json::parse(quoted, ec);
  if (ec || !v.is_string()) return false;
  out.assign(v.get_string().data(), v.get_string().size());
  return true;
}

bool EventScanner::verify(std::string_view frame, const EventScan& fast, std::string& why) const {
  boost::system::error_code ec;
  json::value v = json::parse(frame, ec);
  if (ec || !v.is_object()) {
    why = ec ? "not JSON: " + ec.message() : "not a JSON object";
    return false;
  }
  const auto& o = v.get_object();
  const auto* t = o.if_contains("type");
  const EventType type =
      t && t->is_string()
          ? type_of(std::string_view(t->get_string().data(), t->get_string().size()))
          : EventType::other;
  if (type != fast.type) {
    why = std::string("type: scanner ") + event_type_name(fast.type) + ", JSON " +
          event_type_name(type);
    return false;
  }
  if (!is_event(type)) return true;
  auto differ = [&](const char* what, std::int64_t a, std::int64_t b) {
    if (a == b) return false;
    why = std::string(what) + ": scanner " + std::to_string(a) + ", JSON " + std::to_string(b);
    return true;
  };
  if (differ("channel_id", fast.channel_id, json_int(o, "channel_id")) ||
      differ("seq", fast.seq, json_int(o, "seq")))
    return false;
  std::int64_t id = -1, user = -1;
  bool deleted = false, ours = false;
  PayloadFields pf;
  std::string emoji;
  if (type == EventType::message || type == EventType::update) {
    const auto* m = o.if_contains(type == EventType::message ? "new_message" : "message");
    const auto* mo = m ? m->if_object() : nullptr;
    if (!mo) {
      why = "no message object";
      return false;
    }
    id = json_int(*mo, "id");
    if (type == EventType::message) user = json_int(*mo, "sender_id");
    if (const auto* d = mo->if_contains("deleted")) deleted = d->is_bool() && d->get_bool();
    // The contract's message object (v2-contract.md), unless it is a deleted one's stub.
    if (!deleted)
      if (const char* k = missing_key(
              *mo, {"id", "sender", "sender_id", "content", "timestamp", "channel_id", "edited_at",
                    "reply_to", "mentions", "mention_everyone", "reactions", "attachments"})) {
        why = std::string("contract: the message object has no \"") + k + "\"";
        return false;
      }
    if (const auto* c = mo->if_contains("content"); c && c->is_string())
      ours =
          parse_payload(std::string_view(c->get_string().data(), c->get_string().size()), tag_, pf);
  } else if (type == EventType::remove) {
    id = json_int(o, "id");
    if (!o.contains("id")) {
      why = "contract: chat.message_delete has no \"id\"";
      return false;
    }
  } else {
    id = json_int(o, "message_id");
    user = json_int(o, "user_id");
    if (const auto* d = o.if_contains("deleted")) deleted = d->is_bool() && d->get_bool();
    if (const auto* e = o.if_contains("emoji"); e && e->is_string())
      emoji.assign(e->get_string().data(), e->get_string().size());
    if (const char* k = deleted ? missing_key(o, {"message_id"})
                                : missing_key(o, {"message_id", "emoji", "user_id"})) {
      why = std::string("contract: ") + event_type_name(type) + " has no \"" + k + "\"";
      return false;
    }
  }
  if (differ("id", fast.id, id) || differ("user id", fast.user_id, user) ||
      differ("deleted", fast.deleted, deleted) || differ("ours", fast.ours, ours))
    return false;
  if (ours && (pf.sender != fast.payload.sender || pf.seq != fast.payload.seq ||
               pf.send_ns != fast.payload.send_ns)) {
    why = "payload fields differ";
    return false;
  }
  std::string fast_emoji;
  if (!fast.emoji.empty() && !decode_json_string(fast.emoji, fast_emoji)) {
    why = "emoji: scanner's raw text is not a JSON string";
    return false;
  }
  if (fast_emoji != emoji) {
    why = "emoji: scanner \"" + fast_emoji + "\", JSON \"" + emoji + "\"";
    return false;
  }
  return true;
}

}  // namespace parley_load

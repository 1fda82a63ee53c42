// parley-load-echo: a minimal single-threaded WebSocket fan-out server used only to test
// parley-load itself (its correctness checks and its own CPU ceiling) without Parley. It plays
// one server (id 1) with one channel (id 1) and speaks just enough of SPEC §3 and §6-§7:
//
// - Every text frame {"type":"message","message":M} from any socket (channel path or
//   /ws/gateway) becomes the channel's next event and goes to every open socket as
//   {"type":"chat.message","channel_id":1,"seq":S,"new_message":{"id":N,"sender_id":U,
//   "content":M,...,"nonce"?}}.
// - REST, keep-alive: PATCH and DELETE /api/channels/1/messages/{id}/, PUT and DELETE
//   .../{id}/reactions/{emoji}/@me/ (a repeated PUT, or a DELETE of no reaction, answers 204
//   and makes no event), GET /api/channels/1/events/?after_seq=N&limit=K, GET
//   /api/account/me/; POST /api/token/ answers 200 with a cookie access_token=u<N> (user N, a
//   new one per login); anything else 200 {} (201 for /api/register/).
// - /ws/gateway sends a ready frame first; /ws/1/1?after_seq=N replays the events after N.
//
// Fault injection on live frames (to check that the load tool notices): --drop-every N skips
// one recipient of every Nth event, --dup-every N sends every Nth event twice, --swap-every N
// delays every Nth event behind the next one on every socket.
//
//   parley-load-echo --listen 127.0.0.1:PORT [--drop-every N] [--dup-every N] [--swap-every N]
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;

namespace {

constexpr long kChannel = 1;

struct Faults {
  long drop_every = 0, dup_every = 0, swap_every = 0;
};

using Frame = std::shared_ptr<const std::string>;

class Session;
struct Message {
  long user = 0;
  std::string content;
  bool edited = false;
};
struct Hub {
  std::set<Session*> sessions;
  long next_id = 1;
  long next_user = 1;
  Faults faults;
  Frame held;              // --swap-every: frame delayed behind the next one
  std::vector<Frame> log;  // every event; log[i] has seq i + 1
  std::map<long, Message> messages;
  std::set<std::tuple<long, std::string, long>> reactions;  // (message, emoji, user)

  void post(long user, const std::string& content, const std::string& nonce);
  void emit(json::object event);  // gives it the next seq, logs it, sends it to everyone
};

long user_of(std::string_view cookie) {
  const auto p = cookie.find("access_token=u");
  if (p == std::string_view::npos) return 0;
  long u = 0;
  std::from_chars(cookie.data() + p + 14, cookie.data() + cookie.size(), u);
  return u;
}

json::object message_json(long id, const Message& m) {
  return {{"id", id},
          {"sender", "u" + std::to_string(m.user)},
          {"sender_id", m.user},
          {"content", m.content},
          {"timestamp", "2026-01-01T00:00:00.000000Z"},
          {"channel_id", kChannel},
          {"edited_at", m.edited ? json::value("2026-01-01T00:00:01.000000Z") : json::value()},
          {"reply_to", nullptr},
          {"mentions", json::array()},
          {"mention_everyone", false},
          {"reactions", json::array()},
          {"attachments", json::array()}};
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(websocket::stream<beast::tcp_stream> ws, Hub& hub, long user)
      : ws_(std::move(ws)), hub_(hub), user_(user) {}
  ~Session() { hub_.sessions.erase(this); }

  // Completes the upgrade, then (in the same handler, so no live event slips in between)
  // sends the ready frame or the replay and joins the fan-out.
  template <class Req>
  void accept(Req req, bool gateway, long after_seq) {
    ws_.async_accept(req, [self = shared_from_this(), gateway, after_seq](beast::error_code ec) {
      if (ec) return;
      if (gateway) self->send(std::make_shared<const std::string>(self->ready_frame()));
      if (after_seq >= 0)
        for (std::size_t i = static_cast<std::size_t>(after_seq); i < self->hub_.log.size(); ++i)
          self->send(self->hub_.log[i]);
      self->hub_.sessions.insert(self.get());
      self->read();
    });
  }
  void send(Frame frame) {
    if (dead_) return;
    q_.push_back(std::move(frame));
    if (q_.size() == 1) write();
  }

 private:
  std::string ready_frame() const {
    json::object channel{{"id", kChannel},
                         {"name", "load-1"},
                         {"topic", ""},
                         {"last_message_id", nullptr},
                         {"last_seq", static_cast<std::int64_t>(hub_.log.size())},
                         {"permissions", "0"}};
    json::object server{{"id", 1},
                        {"name", "Load Test"},
                        {"icon", nullptr},
                        {"owner", 1},
                        {"channels", json::array{channel}}};
    return json::serialize(
        json::object{{"type", "ready"},
                     {"user", {{"id", user_}, {"username", "u" + std::to_string(user_)}}},
                     {"servers", json::array{server}},
                     {"dms", json::array()},
                     {"read_states", json::array()}});
  }
  void read() {
    ws_.async_read(buf_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      const std::string text = beast::buffers_to_string(self->buf_.cdata());
      self->buf_.consume(self->buf_.size());
      boost::system::error_code jec;
      const json::value v = json::parse(text, jec);
      const auto* o = jec ? nullptr : v.if_object();
      const auto* m = o ? o->if_contains("message") : nullptr;
      if (m && m->is_string()) {
        const auto* n = o->if_contains("nonce");
        self->hub_.post(self->user_, std::string(m->get_string()),
                        n && n->is_string() ? std::string(n->get_string()) : std::string());
      }
      self->read();
    });
  }
  void write() {
    ws_.text(true);
    ws_.async_write(asio::buffer(*q_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) {
                        self->dead_ = true;
                        self->q_.clear();
                        return;
                      }
                      self->q_.pop_front();
                      if (!self->q_.empty()) self->write();
                    });
  }
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buf_;
  std::deque<Frame> q_;
  Hub& hub_;
  long user_;
  bool dead_ = false;
};

void Hub::post(long user, const std::string& content, const std::string& nonce) {
  const long id = next_id++;
  auto& m = messages[id];
  m.user = user;
  m.content = content;
  json::object nm = message_json(id, m);
  json::object live = nm;
  if (!nonce.empty()) live["nonce"] = nonce;
  emit({{"type", "chat.message"}, {"new_message", live}});
}

void Hub::emit(json::object event) {
  const auto seq = static_cast<long>(log.size()) + 1;
  json::object framed{{"type", event["type"]}, {"channel_id", kChannel}, {"seq", seq}};
  for (auto& kv : event)
    if (kv.key() != "type") framed[kv.key()] = kv.value();
  auto frame = std::make_shared<const std::string>(json::serialize(framed));
  log.push_back(frame);
  if (faults.swap_every && seq % faults.swap_every == 0 && !held) {
    held = frame;
    return;
  }
  long k = 0;
  for (Session* s : sessions) {
    ++k;
    if (faults.drop_every && seq % faults.drop_every == 0 && k == 1) continue;
    s->send(frame);
    if (faults.dup_every && seq % faults.dup_every == 0) s->send(frame);
  }
  if (held) {
    Frame h = std::move(held);
    held.reset();
    for (Session* s : sessions) s->send(h);
  }
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int v = 0;
      std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      out.push_back(static_cast<char>(v));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

long query_long(std::string_view target, std::string_view key, long def) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return def;
  std::string_view qs = target.substr(q + 1);
  while (!qs.empty()) {
    const auto amp = qs.find('&');
    const std::string_view kv = qs.substr(0, amp);
    if (kv.substr(0, key.size()) == key && kv.size() > key.size() && kv[key.size()] == '=') {
      long v = def;
      std::from_chars(kv.data() + key.size() + 1, kv.data() + kv.size(), v);
      return v;
    }
    if (amp == std::string_view::npos) break;
    qs.remove_prefix(amp + 1);
  }
  return def;
}

// The REST routes; returns the response.
http::response<http::string_body> route(const http::request<http::string_body>& req, Hub& hub) {
  http::response<http::string_body> res{http::status::ok, 11};
  res.set(http::field::content_type, "application/json");
  res.body() = "{}";
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  const long user = user_of(req[http::field::cookie]);
  const std::string_view msgs = "/api/channels/1/messages/";
  if (path == "/api/token/") {
    res.set(http::field::set_cookie,
            "access_token=u" + std::to_string(hub.next_user++) + "; Path=/");
  } else if (path == "/api/register/") {
    res.result(http::status::created);
  } else if (path == "/api/account/me/") {
    res.body() =
        json::serialize(json::object{{"id", user}, {"username", "u" + std::to_string(user)}});
  } else if (path == "/api/channels/1/events/") {
    const long after = query_long(target, "after_seq", 0);
    const long limit = std::min(query_long(target, "limit", 100), 500L);
    std::string body = "{\"events\":[";
    for (long i = std::max(0L, after), n = 0; i < static_cast<long>(hub.log.size()) && n < limit;
         ++i, ++n) {
      if (n) body += ',';
      body += *hub.log[static_cast<std::size_t>(i)];
    }
    body += "],\"last_seq\":" + std::to_string(hub.log.size()) + "}";
    res.body() = std::move(body);
  } else if (path.substr(0, msgs.size()) == msgs) {
    std::string_view rest = path.substr(msgs.size());
    long id = 0;
    auto r = std::from_chars(rest.data(), rest.data() + rest.size(), id);
    rest = rest.substr(static_cast<std::size_t>(r.ptr - rest.data()));
    auto it = hub.messages.find(id);
    if (it == hub.messages.end()) {
      res.result(http::status::not_found);
      res.body() = R"({"detail": "Not found."})";
    } else if (rest == "/" && req.method() == http::verb::patch) {
      boost::system::error_code ec;
      const json::value v = json::parse(req.body(), ec);
      const auto* c = !ec && v.is_object() ? v.get_object().if_contains("content") : nullptr;
      if (!c || !c->is_string()) {
        res.result(http::status::bad_request);
        res.body() = R"({"content": ["This field is required."]})";
      } else {
        it->second.content = std::string(c->get_string());
        it->second.edited = true;
        json::object m = message_json(id, it->second);
        res.body() = json::serialize(m);
        hub.emit({{"type", "chat.message_update"}, {"message", m}});
      }
    } else if (rest == "/" && req.method() == http::verb::delete_) {
      hub.messages.erase(it);
      res.result(http::status::no_content);
      res.body().clear();
      hub.emit({{"type", "chat.message_delete"}, {"id", id}});
    } else if (rest.substr(0, 11) == "/reactions/" && rest.size() > 16 &&
               rest.substr(rest.size() - 5) == "/@me/") {
      const std::string emoji = url_decode(rest.substr(11, rest.size() - 16));
      const auto key = std::make_tuple(id, emoji, user);
      res.result(http::status::no_content);
      res.body().clear();
      const bool had = hub.reactions.count(key) > 0;
      if (req.method() == http::verb::put && !had) {
        hub.reactions.insert(key);
        hub.emit({{"type", "chat.reaction_add"},
                  {"message_id", id},
                  {"emoji", emoji},
                  {"user_id", user}});
      } else if (req.method() == http::verb::delete_ && had) {
        hub.reactions.erase(key);
        hub.emit({{"type", "chat.reaction_remove"},
                  {"message_id", id},
                  {"emoji", emoji},
                  {"user_id", user}});
      }
    }
  }
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  return res;
}

struct HttpConn : std::enable_shared_from_this<HttpConn> {
  HttpConn(tcp::socket s, Hub& h) : stream(std::move(s)), hub(h) {}
  beast::tcp_stream stream;
  beast::flat_buffer buf;
  http::request<http::string_body> req;
  http::response<http::string_body> res;
  Hub& hub;

  void read() {
    req = {};
    http::async_read(
        stream, buf, req, [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec) return;
          if (websocket::is_upgrade(self->req)) {
            const std::string_view t = self->req.target();
            const bool gateway = t.substr(0, t.find('?')) == "/ws/gateway";
            const long after = query_long(t, "after_seq", -1);
            auto s = std::make_shared<Session>(
                websocket::stream<beast::tcp_stream>(std::move(self->stream)), self->hub,
                user_of(self->req[http::field::cookie]));
            s->accept(self->req, gateway, after);
            return;
          }
          self->res = route(self->req, self->hub);
          http::async_write(self->stream, self->res, [self](beast::error_code e, std::size_t) {
            if (e) return;
            if (!self->res.keep_alive()) {
              beast::error_code ig;
              self->stream.socket().shutdown(tcp::socket::shutdown_both, ig);
              return;
            }
            self->read();
          });
        });
  }
};

void do_accept(tcp::acceptor& acc, Hub& hub) {
  acc.async_accept([&acc, &hub](beast::error_code ec, tcp::socket sock) {
    if (!ec) {
      beast::error_code ig;
      sock.set_option(tcp::no_delay(true), ig);  // one frame per write: no Nagle delay
      std::make_shared<HttpConn>(std::move(sock), hub)->read();
    }
    do_accept(acc, hub);
  });
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  Hub hub;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--listen")
      listen = val();
    else if (a == "--drop-every")
      hub.faults.drop_every = std::atol(val().c_str());
    else if (a == "--dup-every")
      hub.faults.dup_every = std::atol(val().c_str());
    else if (a == "--swap-every")
      hub.faults.swap_every = std::atol(val().c_str());
    else {
      std::fprintf(stderr,
                   "usage: parley-load-echo --listen 127.0.0.1:PORT [--drop-every N] [--dup-every "
                   "N] [--swap-every N]\n");
      return 2;
    }
  }
  auto colon = listen.rfind(':');
  asio::io_context ioc(1);
  tcp::endpoint ep(asio::ip::make_address(listen.substr(0, colon)),
                   static_cast<unsigned short>(std::atoi(listen.substr(colon + 1).c_str())));
  if (!ep.address().is_loopback()) {
    std::fprintf(stderr, "loopback only\n");
    return 2;
  }
  tcp::acceptor acc(ioc, ep);
  std::printf("parley-load-echo listening on %s:%u\n", ep.address().to_string().c_str(),
              acc.local_endpoint().port());
  std::fflush(stdout);
  do_accept(acc, hub);
  asio::signal_set sig(ioc, SIGINT, SIGTERM);
  sig.async_wait([&](beast::error_code, int) { ioc.stop(); });
  ioc.run();
}

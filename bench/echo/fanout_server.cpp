// parley-load-echo: a minimal single-threaded WebSocket fan-out server used only to test
// parley-load itself (its correctness checks and its own CPU ceiling) without Parley.
// Every text frame {"type":"message","message":M} from any socket is given the next id and sent
// to every open socket as
// {"type":"chat.message","new_message":{"id":N,"sender":"u","content":M,...}}. Fault injection (to
// check that the load tool notices): --drop-every N skips one recipient of every Nth message,
// --dup-every N sends every Nth message twice, --swap-every N delays every Nth message behind the
// next one on every socket. Cookies are ignored; HTTP POSTs to /api/token/ answer 200 with an
// access_token cookie so that parley-load can "log in".
//
//   parley-load-echo --listen 127.0.0.1:PORT [--drop-every N] [--dup-every N] [--swap-every N]
#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <memory>
#include <set>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

struct Faults {
  long drop_every = 0, dup_every = 0, swap_every = 0;
};

class Session;
struct Hub {
  std::set<Session*> sessions;
  long next_id = 1;
  Faults faults;
  std::string held;  // --swap-every: frame delayed behind the next one
  void broadcast(const std::string& content);
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(websocket::stream<beast::tcp_stream> ws, Hub& hub) : ws_(std::move(ws)), hub_(hub) {}
  ~Session() { hub_.sessions.erase(this); }
  template <class Req>
  void accept(Req req) {
    hub_.sessions.insert(this);
    ws_.async_accept(req, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->read();
    });
  }
  void send(std::shared_ptr<const std::string> frame) {
    if (dead_) return;
    q_.push_back(std::move(frame));
    if (q_.size() == 1) write();
  }

 private:
  void read() {
    ws_.async_read(buf_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      std::string_view f(static_cast<const char*>(self->buf_.cdata().data()), self->buf_.size());
      // Extract "message":"...". The load tool's payloads contain no escapes.
      auto k = f.find("\"message\":\"");
      if (k != std::string_view::npos) {
        auto s = k + 11;
        auto e = f.find('"', s);
        if (e != std::string_view::npos) self->hub_.broadcast(std::string(f.substr(s, e - s)));
      }
      self->buf_.consume(self->buf_.size());
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
  std::deque<std::shared_ptr<const std::string>> q_;
  Hub& hub_;
  bool dead_ = false;
};

void Hub::broadcast(const std::string& content) {
  const long id = next_id++;
  auto frame = std::make_shared<const std::string>(
      R"({"type": "chat.message", "new_message": {"id": )" + std::to_string(id) +
      R"(, "sender": "u", "sender_id": 1, "content": ")" + content +
      R"(", "timestamp": "2026-01-01T00:00:00.000000Z", "channel_id": 1}})");
  if (faults.swap_every && id % faults.swap_every == 0 && held.empty()) {
    held = *frame;
    return;
  }
  long k = 0;
  for (Session* s : sessions) {
    ++k;
    if (faults.drop_every && id % faults.drop_every == 0 && k == 1) continue;
    s->send(frame);
    if (faults.dup_every && id % faults.dup_every == 0) s->send(frame);
  }
  if (!held.empty()) {
    auto h = std::make_shared<const std::string>(std::move(held));
    held.clear();
    for (Session* s : sessions) s->send(h);
  }
}

void handle_http(tcp::socket sock, Hub& hub) {
  auto stream = std::make_shared<beast::tcp_stream>(std::move(sock));
  auto buf = std::make_shared<beast::flat_buffer>();
  auto req = std::make_shared<http::request<http::string_body>>();
  http::async_read(
      *stream, *buf, *req, [stream, buf, req, &hub](beast::error_code ec, std::size_t) {
        if (ec) return;
        if (websocket::is_upgrade(*req)) {
          auto s = std::make_shared<Session>(
              websocket::stream<beast::tcp_stream>(std::move(*stream)), hub);
          s->accept(*req);
          return;
        }
        auto res = std::make_shared<http::response<http::string_body>>(http::status::ok, 11);
        res->set(http::field::content_type, "application/json");
        if (req->target() == "/api/token/")
          res->set(http::field::set_cookie, "access_token=test; Path=/");
        res->body() = req->target() == "/api/register/" ? "{}" : "{}";
        if (req->target() == "/api/register/") res->result(http::status::created);
        res->keep_alive(false);
        res->prepare_payload();
        http::async_write(*stream, *res, [stream, res](beast::error_code, std::size_t) {
          beast::error_code ig;
          stream->socket().shutdown(tcp::socket::shutdown_both, ig);
        });
      });
}

void do_accept(tcp::acceptor& acc, Hub& hub) {
  acc.async_accept([&acc, &hub](beast::error_code ec, tcp::socket sock) {
    if (!ec) handle_http(std::move(sock), hub);
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

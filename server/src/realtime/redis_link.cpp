#include "realtime/redis_link.hpp"

#include <cctype>
#include <charconv>

#include "realtime/hiredis_asio.hpp"
#include "util/log.hpp"

namespace realtime {

namespace {
constexpr auto kConnectTimeout = std::chrono::seconds(2);
constexpr auto kMaxBackoff = std::chrono::milliseconds(1000);
}  // namespace

std::string RedisAddress::label() const {
  if (!unix_path.empty()) return "unix://" + unix_path + " (" + name + ")";
  return "redis://" + host + ":" + std::to_string(port) + "/" + name;
}

std::optional<RedisAddress> parse_redis_url(std::string_view url) {
  RedisAddress address;
  auto valid_name = [](std::string_view n) {
    if (n.empty() || n.size() > 64) return false;
    for (char c : n)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
        return false;
    return true;
  };
  if (url.starts_with("unix://")) {
    auto rest = url.substr(7);
    if (auto q = rest.find("?name="); q != std::string_view::npos) {
      address.name = std::string(rest.substr(q + 6));
      rest = rest.substr(0, q);
    }
    if (rest.empty() || rest.front() != '/' || rest.size() > 100 || !valid_name(address.name))
      return std::nullopt;
    address.unix_path = std::string(rest);
    return address;
  }
  if (!url.starts_with("redis://")) return std::nullopt;
  auto rest = url.substr(8);
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    auto name = rest.substr(slash + 1);
    if (!name.empty()) address.name = std::string(name);
    rest = rest.substr(0, slash);
  }
  if (!valid_name(address.name)) return std::nullopt;
  auto colon = rest.rfind(':');
  std::string_view host = rest;
  if (colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    auto port = rest.substr(colon + 1);
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535)
      return std::nullopt;
    address.port = value;
  }
  if (host.empty() || host.size() > 253) return std::nullopt;
  address.host = std::string(host);
  return address;
}

RedisLink::RedisLink(boost::asio::io_context& io, RedisAddress address, std::string role, Up up,
                     Down down)
    : io_(io),
      address_(std::move(address)),
      role_(std::move(role)),
      up_(std::move(up)),
      down_(std::move(down)),
      retry_(io),
      connect_deadline_(io) {}

RedisLink::~RedisLink() {
  stop();
}

void RedisLink::start() {
  stopped_ = false;
  connect();
}

void RedisLink::stop() {
  stopped_ = true;
  retry_.cancel();
  connect_deadline_.cancel();
  if (auto* context = context_) {
    context_ = nullptr;
    connected_ = false;
    redisAsyncFree(context);  // pending callbacks get a null reply
  }
}

void RedisLink::connect() {
  if (stopped_) return;
  redisAsyncContext* context = address_.unix_path.empty()
                                   ? redisAsyncConnect(address_.host.c_str(), address_.port)
                                   : redisAsyncConnectUnix(address_.unix_path.c_str());
  if (context == nullptr || context->err) {
    util::LogEvent("bus.connect_failed")
        .add("role", role_)
        .add("error", context ? context->errstr : "out of memory")
        .warn();
    if (context) redisAsyncFree(context);
    return schedule_reconnect();
  }
  context->data = this;
  attach_hiredis_to_asio(context, io_);
  redisAsyncSetConnectCallback(context, &RedisLink::on_connect);
  redisAsyncSetDisconnectCallback(context, &RedisLink::on_disconnect);
  context_ = context;
  connected_ = false;
  connect_deadline_.expires_after(kConnectTimeout);
  connect_deadline_.async_wait([this, context](const boost::system::error_code& ec) {
    if (!ec && context_ == context && !connected_) drop("connect timed out");
  });
}

void RedisLink::on_connect(const redisAsyncContext* context, int status) {
  auto* self = static_cast<RedisLink*>(context->data);
  if (self->context_ != context) return;
  if (status != REDIS_OK) {
    // hiredis frees the context after this callback.
    self->context_ = nullptr;
    util::LogEvent("bus.connect_failed")
        .add("role", self->role_)
        .add("error", context->errstr)
        .warn();
    return self->schedule_reconnect();
  }
  self->connected_ = true;
  self->connect_deadline_.cancel();
  self->backoff_ = std::chrono::milliseconds(50);
  // TCP keepalive notices a dead peer that sends nothing; on a Unix socket it fails (and
  // hiredis would take that error for the connection's).
  if (self->address_.unix_path.empty())
    redisEnableKeepAlive(const_cast<redisContext*>(&context->c));
  util::LogEvent("bus.connected")
      .add("role", self->role_)
      .add("redis", self->address_.label())
      .info();
  self->up_(const_cast<redisAsyncContext*>(context));
}

void RedisLink::on_disconnect(const redisAsyncContext* context, int status) {
  auto* self = static_cast<RedisLink*>(context->data);
  if (self->context_ != context) return;  // dropped or stopped by us: already handled
  self->context_ = nullptr;               // hiredis frees it after this callback
  self->lost(status == REDIS_OK ? "closed" : context->errstr);
}

void RedisLink::drop(std::string_view why) {
  auto* context = context_;
  if (context == nullptr) return;
  context_ = nullptr;
  // Freed at once, so that no hiredis handler can run on it in between (a queued EOF would
  // free it a second time). Called inside a hiredis callback, redisAsyncFree only marks the
  // context and hiredis frees it on the way out; the callbacks it runs (null replies, the
  // disconnect) find context_ changed and return.
  redisAsyncFree(context);
  lost(why);
}

void RedisLink::lost(std::string_view why) {
  bool was_connected = connected_;
  connected_ = false;
  connect_deadline_.cancel();
  util::LogEvent("bus.disconnected").add("role", role_).add("reason", std::string(why)).warn();
  if (was_connected && down_) down_();
  schedule_reconnect();
}

void RedisLink::schedule_reconnect() {
  if (stopped_) return;
  retry_.expires_after(backoff_);
  backoff_ = std::min(kMaxBackoff, backoff_ * 2);
  retry_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) connect();
  });
}

}  // namespace realtime

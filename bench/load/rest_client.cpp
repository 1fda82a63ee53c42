#include "rest_client.hpp"

namespace parley_load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

RestClient::RestClient(asio::io_context& ioc, const Target& target, std::string cookie,
                       std::chrono::milliseconds timeout)
    : target_(target), cookie_(std::move(cookie)), timeout_(timeout), stream_(ioc) {}

void RestClient::submit(Prepare prepare, Done done) {
  if (closed_) return;
  q_.push_back({std::move(prepare), std::move(done)});
  if (!busy_) next();
}

void RestClient::close() {
  closed_ = true;
  q_.clear();
  beast::error_code ignore;
  stream_.socket().close(ignore);
  connected_ = false;
}

void RestClient::next() {
  while (!busy_ && !q_.empty() && !closed_) {
    cur_ = std::move(q_.front());
    q_.pop_front();
    Request r;
    if (!cur_.prepare(r)) continue;
    req_ = {r.verb, r.path, 11};
    req_.set(http::field::host, target_.host_header);
    req_.set(http::field::user_agent, "parley-load");
    req_.set(http::field::accept, "application/json");
    if (!cookie_.empty()) req_.set(http::field::cookie, cookie_);
    if (!r.body.empty()) {
      req_.set(http::field::content_type, "application/json");
      req_.body() = std::move(r.body);
    }
    req_.prepare_payload();
    busy_ = true;
    retried_ = false;
    if (connected_) {
      reused_ = true;
      write();
    } else {
      connect();
    }
  }
}

void RestClient::connect() {
  reused_ = false;
  stream_.expires_after(timeout_);
  stream_.async_connect(target_.endpoints.front(),
                        [self = shared_from_this()](beast::error_code ec) {
                          if (self->closed_) return;
                          if (ec) return self->finish(0, "connect: " + ec.message());
                          self->connected_ = true;
                          beast::error_code ignore;
                          self->stream_.socket().set_option(asio::ip::tcp::no_delay(true), ignore);
                          self->write();
                        });
}

void RestClient::write() {
  stream_.expires_after(timeout_);
  http::async_write(stream_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (self->closed_) return;
    if (ec) return self->on_read(ec);
    self->res_ = {};
    http::async_read(self->stream_, self->buf_, self->res_,
                     [self](beast::error_code e, std::size_t) { self->on_read(e); });
  });
}

void RestClient::on_read(beast::error_code ec) {
  if (closed_) return;
  if (ec) {
    beast::error_code ignore;
    stream_.socket().close(ignore);
    connected_ = false;
    buf_.clear();
    // A keep-alive connection the server closed between two requests: send it again on a new
    // one, once (the request never reached a live connection).
    if (reused_ && !retried_ && ec != beast::error::timeout) {
      retried_ = true;
      ++reconnects_;
      return connect();  // a closed tcp_stream reopens its socket on connect
    }
    return finish(0, ec.message());
  }
  const bool keep = res_.keep_alive();
  const int status = static_cast<int>(res_.result_int());
  std::string body = std::move(res_.body());
  if (!keep) {
    beast::error_code ignore;
    stream_.socket().close(ignore);
    connected_ = false;
    buf_.clear();
  }
  finish(status, body);
}

void RestClient::finish(int status, std::string_view body) {
  if (!connected_) {
    beast::error_code ignore;
    stream_.socket().close(ignore);
  }
  Job job = std::move(cur_);
  busy_ = false;
  if (job.done) job.done(status, body);
  next();
}

std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

}  // namespace parley_load

#include "http_api.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdlib>

namespace parley_load {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

HttpResponse http_call(const Target& t, http::verb verb, const std::string& path,
                       const std::string& json_body, const std::string& cookie, double timeout_s) {
  HttpResponse out;
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::flat_buffer buf;
  http::request<http::string_body> req{verb, path, 11};
  req.set(http::field::host, t.host_header);
  req.set(http::field::user_agent, "parley-load");
  req.set(http::field::accept, "application/json");
  req.set(http::field::connection, "close");
  if (!cookie.empty()) req.set(http::field::cookie, cookie);
  if (verb == http::verb::post || verb == http::verb::put || verb == http::verb::patch) {
    req.set(http::field::content_type, "application/json");
    req.body() = json_body;
    req.prepare_payload();
  }
  http::response<http::string_body> res;
  const auto timeout = std::chrono::milliseconds(static_cast<long>(timeout_s * 1000));
  beast::error_code result;

  stream.expires_after(timeout);
  stream.async_connect(t.endpoints, [&](beast::error_code ec, const auto&) {
    if (ec) {
      result = ec;
      out.error = "connect: " + ec.message();
      return;
    }
    http::async_write(stream, req, [&](beast::error_code ec2, std::size_t) {
      if (ec2) {
        result = ec2;
        out.error = "write: " + ec2.message();
        return;
      }
      http::async_read(stream, buf, res, [&](beast::error_code ec3, std::size_t) {
        if (ec3) {
          result = ec3;
          out.error = "read: " + ec3.message();
          return;
        }
        beast::error_code ignore;
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignore);
      });
    });
  });
  ioc.run();
  if (result) return out;
  out.status = static_cast<int>(res.result_int());
  out.body = std::move(res.body());
  for (const auto& f : res.base()) {
    if (f.name() == http::field::set_cookie) out.set_cookies.emplace_back(f.value());
    if (f.name() == http::field::retry_after)
      out.retry_after = std::atoi(std::string(f.value()).c_str());
  }
  return out;
}

std::string cookie_value(const std::vector<std::string>& set_cookies, std::string_view name) {
  for (const auto& sc : set_cookies) {
    std::string_view v(sc);
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    if (v.size() > name.size() && v.substr(0, name.size()) == name && v[name.size()] == '=') {
      v.remove_prefix(name.size() + 1);
      auto semi = v.find(';');
      std::string val(v.substr(0, semi));
      if (val.size() >= 2 && val.front() == '"' && val.back() == '"')
        val = val.substr(1, val.size() - 2);
      return val;
    }
  }
  return {};
}

}  // namespace parley_load

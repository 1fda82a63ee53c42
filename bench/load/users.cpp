#include "users.hpp"

#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "http_api.hpp"

namespace parley_load {

namespace http = boost::beast::http;

namespace {

constexpr double kHttpTimeout = 30.0;
constexpr int kMaxAttempts = 6;

// Repeats a call while it answers 429, sleeping Retry-After (1..10 s).
HttpResponse with_retry(const std::function<HttpResponse()>& call) {
  HttpResponse r;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    r = call();
    if (r.status != 429) return r;
    int wait = r.retry_after > 0 ? std::min(r.retry_after, 10) : 1;
    std::this_thread::sleep_for(std::chrono::seconds(wait));
  }
  return r;
}

std::string credentials_json(const UserCred& u) {
  return boost::json::serialize(
      boost::json::object{{"username", u.name}, {"password", u.password}});
}

}  // namespace

std::vector<Session> prepare_users(const Options& opts, const Target& target, int joiners,
                                   UsersReport& rep) {
  const auto t0 = std::chrono::steady_clock::now();
  if (!opts.token_users.empty()) {  // made elsewhere: nothing to ask the server
    std::vector<Session> out;
    for (const auto& u : opts.token_users) out.push_back({u.name, "access_token=" + u.token, u.id});
    rep.logged_in = static_cast<int>(out.size());
    return out;
  }
  const std::size_t n = opts.users.size();
  std::vector<std::optional<Session>> got(n);
  std::atomic<std::size_t> next{0};
  std::mutex mu;
  std::vector<std::int64_t> join_ids;
  if (opts.join) {
    join_ids.push_back(opts.server_id);
    for (auto id : opts.extra_join)
      if (id != opts.server_id) join_ids.push_back(id);
  }
  auto note_error = [&](const std::string& e) {
    std::lock_guard lk(mu);
    ++rep.failed;
    if (rep.errors.size() < 8) rep.errors.push_back(e);
  };

  auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      const UserCred& u = opts.users[i];
      if (opts.do_register) {
        auto r = with_retry([&] {
          return http_call(target, http::verb::post, "/api/register/", credentials_json(u), "",
                           kHttpTimeout);
        });
        std::lock_guard lk(mu);
        if (r.status == 201)
          ++rep.registered;
        else if (r.status == 409)
          ++rep.already_existed;
        else {
          // Not fatal by itself: the login below decides whether the user is usable.
          if (rep.errors.size() < 8)
            rep.errors.push_back(
                "register " + u.name + ": " +
                (r.status ? "HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200)
                          : r.error));
        }
      }
      auto r = with_retry([&] {
        return http_call(target, http::verb::post, "/api/token/", credentials_json(u), "",
                         kHttpTimeout);
      });
      if (r.status != 200) {
        note_error("login " + u.name + ": " +
                   (r.status ? "HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200)
                             : r.error));
        continue;
      }
      std::string tok = cookie_value(r.set_cookies, "access_token");
      if (tok.empty()) {
        note_error("login " + u.name + ": no access_token cookie in the response");
        continue;
      }
      Session s{u.name, "access_token=" + tok};
      if (opts.fetch_user_ids) {
        auto me = with_retry([&] {
          return http_call(target, http::verb::get, "/api/account/me/", "", s.cookie, kHttpTimeout);
        });
        boost::system::error_code ec;
        const auto v = boost::json::parse(me.body, ec);
        const auto* o = !ec ? v.if_object() : nullptr;
        const auto* id = o ? o->if_contains("id") : nullptr;
        if (me.status != 200 || !id || !id->is_int64()) {
          note_error("GET /api/account/me/ as " + u.name + ": " +
                     (me.status ? "HTTP " + std::to_string(me.status) + " " + me.body.substr(0, 200)
                                : me.error));
          continue;
        }
        s.id = id->get_int64();
      }
      if (static_cast<int>(i) < joiners) {
        for (auto sid : join_ids) {
          auto path = "/api/membership/" + std::to_string(sid) + "/membership/";
          auto jr = with_retry([&] {
            return http_call(target, http::verb::post, path, "{}", s.cookie, kHttpTimeout);
          });
          std::string key = jr.status ? std::to_string(jr.status) : "error: " + jr.error;
          std::lock_guard lk(mu);
          ++rep.join_results[key];
          if (jr.status != 200 && jr.status != 409 && rep.errors.size() < 8)
            rep.errors.push_back("join " + std::to_string(sid) + " as " + u.name + ": " + key +
                                 " " + jr.body.substr(0, 200));
        }
      }
      if (opts.corrupt_token) {  // damage the signature part (after the last '.')
        auto dot = s.cookie.rfind('.');
        if (dot != std::string::npos && dot + 2 < s.cookie.size())
          s.cookie[dot + 2] = s.cookie[dot + 2] == 'A' ? 'B' : 'A';
      }
      std::lock_guard lk(mu);
      ++rep.logged_in;
      got[i] = std::move(s);
    }
  };
  std::vector<std::thread> threads;
  const int nt = std::min<int>(opts.login_concurrency, static_cast<int>(n));
  for (int k = 0; k < nt; ++k) threads.emplace_back(work);
  for (auto& t : threads) t.join();

  std::vector<Session> out;
  for (auto& s : got)
    if (s) out.push_back(std::move(*s));
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace parley_load

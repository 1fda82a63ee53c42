// Accounts and sessions: login (throttled, hashing on the bounded pool), registration,
// access-token verification (no I/O: signature, type, expiry and the in-memory revocation
// set), refresh rotation with reuse detection, and logout.
//
// For other parts of the server:
//   - verify_access(token) authenticates anything that carries an access token (the HTTP
//     Authenticator in api/auth_api.cpp uses it; so can a WebSocket handshake, or use
//     http::Dispatcher::authenticator() on the handshake request directly).
//   - on_session_revoked(listener) tells you when a session ends (logout, or a stolen refresh
//     token replayed), so that its WebSockets can be closed with 4001.
#pragma once
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/jwt.hpp"
#include "auth/password.hpp"
#include "auth/revoked_sessions.hpp"
#include "auth/throttle.hpp"
#include "store/store.hpp"

namespace auth {

struct AuthOptions {
  std::string secret_key;                        // the JWT signing key (see secret_key.hpp)
  std::int64_t access_lifetime = 300;            // seconds
  std::int64_t refresh_lifetime = 86400;         // seconds
  std::int64_t refresh_grace = 10;               // seconds a rotated refresh token still works
  std::uint32_t login_failures_per_minute = 10;  // per username, per address
  std::uint32_t login_failures_per_address_per_minute = 100;  // all usernames, per address
  std::uint32_t registrations_per_minute = 30;                // per address
  std::size_t max_queued_hashes = 512;  // beyond this, login/register answer "busy"
  Argon2Cost cost;
};

// Who an access token belongs to.
struct Identity {
  std::int64_t user_id = 0;
  std::int64_t session_id = 0;
};

struct IssuedTokens {
  std::string access;
  std::string refresh;
};

struct LoginResult {
  enum class Kind { ok, bad_credentials, throttled, busy };
  Kind kind = Kind::bad_credentials;
  model::Account account;  // when ok
  IssuedTokens tokens;     // when ok
  std::int64_t retry_after = 0;
};

struct RegisterResult {
  enum class Kind { created, reserved, exists, busy };
  Kind kind = Kind::created;
  std::string username;  // as stored
};

struct RefreshResult {
  bool ok = false;
  IssuedTokens tokens;
};

class AuthService {
 public:
  AuthService(store::Store& store, boost::asio::thread_pool& db_pool,
              boost::asio::thread_pool& hash_pool, AuthOptions options);

  // Blocking: loads recently revoked sessions and prunes expired ones. Call before serving.
  void start();

  const AuthOptions& options() const { return options_; }

  // Signature, token_type "access", expiry and revocation; no I/O, safe on any thread.
  std::optional<Identity> verify_access(std::string_view token) const;
  bool is_revoked(std::int64_t session_id) const { return revoked_.contains(session_id); }

  // 0 when a login for this username may be tried from this address now; otherwise the
  // seconds to wait (failed logins per username and address, and per address).
  std::int64_t login_retry_after(std::string_view username, std::string_view client) const;
  // Records one registration attempt from the address; > 0 (seconds to wait) when throttled.
  std::int64_t take_registration(std::string_view client);

  // Arguments are references: they must outlive the co_await (GCC 12 coroutine bug with
  // by-value class parameters). Inputs are validated by the caller (field errors).
  boost::asio::awaitable<LoginResult> login(const std::string& username,
                                            const std::string& password, const std::string& client);
  boost::asio::awaitable<RegisterResult> register_account(const std::string& username,
                                                          const std::string& password);
  boost::asio::awaitable<RefreshResult> refresh(const std::string& refresh_token);
  // Revokes the session named by either token (expired ones too: their signature still
  // proves which session they belong to). Idempotent; unknown or garbage tokens are ignored.
  boost::asio::awaitable<void> logout(const std::string& refresh_token,
                                      const std::string& access_token);

  // Listeners run on the I/O thread that handled the revoking request, after the revocation
  // is stored; they must not block (post the work to your own executor). Register them
  // before serving starts.
  void on_session_revoked(std::function<void(std::int64_t session_id)> listener);

  // What the login and registration throttles counted here, for the other nodes to count
  // too (a digest of the throttle's key: Throttle::digest), and charge() to count theirs.
  // Listeners are registered before serving starts and must not block.
  enum class ThrottleEvent { login_failure_by_name, login_failure_by_address, registration };
  void on_throttle_event(std::function<void(ThrottleEvent, std::uint64_t digest)> listener);
  void charge(ThrottleEvent event, std::uint64_t digest);

 private:
  IssuedTokens issue(std::int64_t user_id, std::int64_t session_id, std::string_view refresh_jti,
                     std::int64_t refresh_expires_at) const;
  void mark_revoked(std::int64_t session_id);
  std::string throttle_key(std::string_view username, std::string_view client) const;
  void tell_throttle_listeners(ThrottleEvent event, std::string_view key) const;

  store::Store& store_;
  boost::asio::thread_pool& db_pool_;
  boost::asio::thread_pool& hash_pool_;
  AuthOptions options_;
  JwtCodec codec_;
  std::string dummy_hash_;  // verified for unknown usernames, so they cost the same
  mutable Throttle failures_by_name_;
  mutable Throttle failures_by_address_;
  Throttle registrations_;
  RevokedSessions revoked_;
  std::atomic<std::size_t> queued_hashes_{0};
  std::vector<std::function<void(std::int64_t)>> revoked_listeners_;
  std::vector<std::function<void(ThrottleEvent, std::uint64_t)>> throttle_listeners_;
};

}  // namespace auth

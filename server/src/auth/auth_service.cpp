#include "auth/auth_service.hpp"

#include "chat/username.hpp"
#include "util/log.hpp"
#include "util/offload.hpp"
#include "util/time.hpp"

namespace auth {
namespace {

constexpr std::int64_t kMicros = 1'000'000;
constexpr std::size_t kMaxThrottleNameBytes = 256;

// Counts a job queued on the hashing pool for as long as it lives.
class QueuedHash {
 public:
  explicit QueuedHash(std::atomic<std::size_t>& counter) : counter_(counter) { ++counter_; }
  ~QueuedHash() { --counter_; }
  QueuedHash(const QueuedHash&) = delete;
  QueuedHash& operator=(const QueuedHash&) = delete;

 private:
  std::atomic<std::size_t>& counter_;
};

std::int64_t now_seconds() {
  return util::now_micros() / kMicros;
}

}  // namespace

AuthService::AuthService(store::Store& store, boost::asio::thread_pool& db_pool,
                         boost::asio::thread_pool& hash_pool, AuthOptions options)
    : store_(store),
      db_pool_(db_pool),
      hash_pool_(hash_pool),
      options_(std::move(options)),
      codec_(options_.secret_key),
      dummy_hash_(hash_password(random_token_id(), options_.cost)),
      failures_by_name_(options_.login_failures_per_minute),
      failures_by_address_(options_.login_failures_per_address_per_minute),
      registrations_(options_.registrations_per_minute) {}

void AuthService::start() {
  auto now = util::now_micros();
  // Access tokens issued before a revocation live at most one access lifetime after it.
  auto horizon = (options_.access_lifetime + kClockLeewaySeconds + 5) * kMicros;
  auto forget_after = RevokedSessions::Clock::now() + std::chrono::microseconds(horizon);
  for (auto id : store_.sessions_revoked_since(now - horizon)) revoked_.add(id, forget_after);
  int pruned = store_.delete_sessions_expired_before(now - 24 * 3600 * kMicros);
  util::LogEvent("auth.started")
      .add("revoked_sessions", revoked_.size())
      .add("expired_sessions_deleted", pruned)
      .add("access_lifetime", options_.access_lifetime)
      .add("refresh_lifetime", options_.refresh_lifetime)
      .info();
}

void AuthService::on_session_revoked(std::function<void(std::int64_t)> listener) {
  revoked_listeners_.push_back(std::move(listener));
}

std::optional<Identity> AuthService::verify_access(std::string_view token) const {
  auto verified = codec_.verify(token, TokenType::access, now_seconds());
  if (!verified.claims) return std::nullopt;
  if (revoked_.contains(verified.claims->session_id)) return std::nullopt;
  return Identity{verified.claims->user_id, verified.claims->session_id};
}

std::string AuthService::throttle_key(std::string_view username, std::string_view client) const {
  std::string key(client);
  key += '\n';
  key += chat::username_key(username.substr(0, kMaxThrottleNameBytes));
  return key;
}

std::int64_t AuthService::login_retry_after(std::string_view username,
                                            std::string_view client) const {
  return std::max(failures_by_name_.retry_after(throttle_key(username, client)),
                  failures_by_address_.retry_after(client));
}

std::int64_t AuthService::take_registration(std::string_view client) {
  auto wait = registrations_.take(client);
  if (wait == 0) tell_throttle_listeners(ThrottleEvent::registration, client);
  return wait;
}

void AuthService::on_throttle_event(
    std::function<void(ThrottleEvent, std::uint64_t digest)> listener) {
  throttle_listeners_.push_back(std::move(listener));
}

void AuthService::tell_throttle_listeners(ThrottleEvent event, std::string_view key) const {
  if (throttle_listeners_.empty()) return;
  auto digest = Throttle::digest(key);
  for (const auto& listener : throttle_listeners_) listener(event, digest);
}

void AuthService::charge(ThrottleEvent event, std::uint64_t digest) {
  switch (event) {
    case ThrottleEvent::login_failure_by_name:
      failures_by_name_.record_digest(digest);
      break;
    case ThrottleEvent::login_failure_by_address:
      failures_by_address_.record_digest(digest);
      break;
    case ThrottleEvent::registration:
      registrations_.record_digest(digest);
      break;
  }
}

IssuedTokens AuthService::issue(std::int64_t user_id, std::int64_t session_id,
                                std::string_view refresh_jti,
                                std::int64_t refresh_expires_at) const {
  auto now = now_seconds();
  TokenClaims access{TokenType::access, user_id, session_id, now, now + options_.access_lifetime,
                     random_token_id()};
  TokenClaims refresh{TokenType::refresh,      user_id, session_id, now, refresh_expires_at,
                      std::string(refresh_jti)};
  return IssuedTokens{codec_.encode(access), codec_.encode(refresh)};
}

boost::asio::awaitable<LoginResult> AuthService::login(const std::string& username,
                                                       const std::string& password,
                                                       const std::string& client) {
  LoginResult result;
  if (auto wait = login_retry_after(username, client); wait > 0) {
    result.kind = LoginResult::Kind::throttled;
    result.retry_after = wait;
    co_return result;
  }
  if (queued_hashes_.load() >= options_.max_queued_hashes) {
    result.kind = LoginResult::Kind::busy;
    co_return result;
  }
  auto account =
      co_await util::offload(db_pool_, [&] { return store_.find_account_by_name(username); });
  const std::string& stored = account ? account->password_hash : dummy_hash_;
  bool verified = false;
  {
    QueuedHash queued(queued_hashes_);
    verified =
        co_await util::offload(hash_pool_, [&] { return verify_password(password, stored); });
  }
  if (!account || !verified || !account->is_active) {
    auto key = throttle_key(username, client);
    failures_by_name_.record(key);
    failures_by_address_.record(client);
    tell_throttle_listeners(ThrottleEvent::login_failure_by_name, key);
    tell_throttle_listeners(ThrottleEvent::login_failure_by_address, client);
    util::LogEvent("auth.login_failed")
        .add("client", client)
        .add("known_user", account.has_value())
        .info();
    co_return result;
  }

  if (needs_rehash(account->password_hash, options_.cost)) {
    std::string upgraded;
    {
      QueuedHash queued(queued_hashes_);
      upgraded = co_await util::offload(hash_pool_,
                                        [&] { return hash_password(password, options_.cost); });
    }
    co_await util::offload(db_pool_, [&] { store_.set_password_hash(account->id, upgraded); });
    util::LogEvent("auth.password_rehashed").add("user_id", account->id).info();
  }

  auto now = util::now_micros();
  auto refresh_expires_at = now / kMicros + options_.refresh_lifetime;
  auto refresh_jti = random_token_id();
  auto session_id = co_await util::offload(db_pool_, [&] {
    return store_.create_session(account->id, refresh_jti, now, refresh_expires_at * kMicros);
  });
  result.kind = LoginResult::Kind::ok;
  result.tokens = issue(account->id, session_id, refresh_jti, refresh_expires_at);
  result.account = std::move(*account);
  util::LogEvent("auth.login")
      .add("user_id", result.account.id)
      .add("session_id", session_id)
      .add("client", client)
      .info();
  co_return result;
}

boost::asio::awaitable<RegisterResult> AuthService::register_account(const std::string& username,
                                                                     const std::string& password) {
  RegisterResult result;
  result.username = username;
  if (chat::is_reserved_username(username)) {
    result.kind = RegisterResult::Kind::reserved;
    co_return result;
  }
  auto existing =
      co_await util::offload(db_pool_, [&] { return store_.find_account_by_name(username); });
  if (existing) {
    result.kind = RegisterResult::Kind::exists;
    co_return result;
  }
  if (queued_hashes_.load() >= options_.max_queued_hashes) {
    result.kind = RegisterResult::Kind::busy;
    co_return result;
  }
  std::string hash;
  {
    QueuedHash queued(queued_hashes_);
    hash =
        co_await util::offload(hash_pool_, [&] { return hash_password(password, options_.cost); });
  }
  store::NewAccount account{username, hash, false};
  auto id = co_await util::offload(db_pool_, [&] { return store_.create_account(account); });
  if (!id) {
    result.kind = RegisterResult::Kind::exists;  // lost a race with the same name
    co_return result;
  }
  util::LogEvent("auth.registered").add("user_id", *id).info();
  co_return result;
}

boost::asio::awaitable<RefreshResult> AuthService::refresh(const std::string& refresh_token) {
  RefreshResult result;
  auto verified = codec_.verify(refresh_token, TokenType::refresh, now_seconds());
  if (!verified.claims) co_return result;
  const auto& claims = *verified.claims;
  if (revoked_.contains(claims.session_id)) co_return result;

  auto now = util::now_micros();
  auto session =
      co_await util::offload(db_pool_, [&] { return store_.find_session(claims.session_id); });
  auto usable = [&](const std::optional<store::LoginSession>& s) {
    return s && !s->revoked_at && s->expires_at > now && s->account_id == claims.user_id;
  };
  if (!usable(session)) co_return result;

  if (claims.jti == session->refresh_jti) {
    auto new_jti = random_token_id();
    auto expires_at = now / kMicros + options_.refresh_lifetime;
    bool rotated = co_await util::offload(db_pool_, [&] {
      return store_.rotate_session(claims.session_id, claims.jti, new_jti, now,
                                   expires_at * kMicros);
    });
    if (rotated) {
      result.ok = true;
      result.tokens = issue(claims.user_id, claims.session_id, new_jti, expires_at);
      co_return result;
    }
    // Another request rotated it first (two tabs at once): the grace rule below decides.
    session =
        co_await util::offload(db_pool_, [&] { return store_.find_session(claims.session_id); });
    if (!usable(session)) co_return result;
  }
  if (session->previous_jti && claims.jti == *session->previous_jti && session->rotated_at &&
      now - *session->rotated_at <= options_.refresh_grace * kMicros) {
    // Hand out the session's current refresh token again: both tabs end up with a valid one.
    result.ok = true;
    result.tokens = issue(claims.user_id, claims.session_id, session->refresh_jti,
                          session->expires_at / kMicros);
    co_return result;
  }

  // A refresh token that was rotated away is back: someone kept a copy. End the session.
  auto session_id = claims.session_id;
  co_await util::offload(db_pool_, [&] { store_.revoke_session(session_id, now); });
  mark_revoked(session_id);
  util::LogEvent("auth.refresh_reuse")
      .add("user_id", claims.user_id)
      .add("session_id", session_id)
      .warn();
  co_return result;
}

boost::asio::awaitable<void> AuthService::logout(const std::string& refresh_token,
                                                 const std::string& access_token) {
  std::optional<std::int64_t> session_id;
  auto now = now_seconds();
  if (!refresh_token.empty()) {
    auto verified = codec_.verify(refresh_token, TokenType::refresh, now, false);
    if (verified.claims) session_id = verified.claims->session_id;
  }
  if (!session_id && !access_token.empty()) {
    auto verified = codec_.verify(access_token, TokenType::access, now, false);
    if (verified.claims) session_id = verified.claims->session_id;
  }
  if (!session_id) co_return;
  auto id = *session_id;
  auto revoked_at = util::now_micros();
  co_await util::offload(db_pool_, [&] { store_.revoke_session(id, revoked_at); });
  mark_revoked(id);
  util::LogEvent("auth.logout").add("session_id", id).info();
}

void AuthService::mark_revoked(std::int64_t session_id) {
  auto horizon = std::chrono::seconds(options_.access_lifetime + kClockLeewaySeconds + 5);
  if (!revoked_.add(session_id, RevokedSessions::Clock::now() + horizon)) return;
  for (auto& listener : revoked_listeners_) {
    try {
      listener(session_id);
    } catch (const std::exception& e) {
      util::LogEvent("auth.revoked_listener_failed").add("error", e.what()).error();
    }
  }
}

}  // namespace auth

// AuthService against a real SQLite store: login, refresh rotation with its grace window and
// reuse detection, logout, throttling and the pbkdf2 upgrade.
#include "auth/auth_service.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <filesystem>
#include <thread>

#include "store/sqlite/sqlite_store.hpp"

namespace {

namespace asio = boost::asio;
using auth::AuthService;
using auth::LoginResult;

constexpr const char* kPassword = "correct horse battery";

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("parley-auth-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<store::sqlite::SqliteStore>((dir_ / "db.sqlite3").string());
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static auth::AuthOptions with(std::function<void(auth::AuthOptions&)> change) {
    auth::AuthOptions options;
    change(options);
    return options;
  }

  AuthService& service(auth::AuthOptions options = auth::AuthOptions()) {
    options.secret_key = "unit-test-secret-0123456789-0123456789";
    options.cost = {1, 64 * 1024};  // cheap hashes for tests
    service_ = std::make_unique<AuthService>(*store_, db_pool_, hash_pool_, options);
    service_->start();
    return *service_;
  }

  model::Id add_user(const std::string& name, const std::string& hash = "") {
    return *store_->create_account(
        {name, hash.empty() ? auth::hash_password(kPassword, {1, 64 * 1024}) : hash, false});
  }

  // Runs one coroutine of the service to completion on a private io_context.
  template <class Make>
  auto run(Make make) {
    asio::io_context io;
    auto future = asio::co_spawn(io, make(), asio::use_future);
    io.run();
    return future.get();
  }

  LoginResult login(const std::string& name, const std::string& password,
                    const std::string& client = "10.0.0.1") {
    return run([&] { return service_->login(name, password, client); });
  }
  auth::RefreshResult refresh(const std::string& token) {
    return run([&] { return service_->refresh(token); });
  }
  void logout(const std::string& refresh_token, const std::string& access_token) {
    run([&] { return service_->logout(refresh_token, access_token); });
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  asio::thread_pool db_pool_{2};
  asio::thread_pool hash_pool_{2};
  std::unique_ptr<AuthService> service_;
};

TEST_F(AuthServiceTest, LoginIssuesTokensOfANewSession) {
  auto id = add_user("alice");
  auto& auth = service();
  auto result = login("ALICE", kPassword);
  ASSERT_EQ(result.kind, LoginResult::Kind::ok);
  EXPECT_EQ(result.account.id, id);
  EXPECT_EQ(result.account.username, "alice");
  auto identity = auth.verify_access(result.tokens.access);
  ASSERT_TRUE(identity);
  EXPECT_EQ(identity->user_id, id);
  EXPECT_TRUE(store_->find_session(identity->session_id));
  EXPECT_FALSE(auth.verify_access(result.tokens.refresh));  // a refresh token is not access
}

TEST_F(AuthServiceTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  add_user("alice");
  service();
  EXPECT_EQ(login("alice", "wrong password").kind, LoginResult::Kind::bad_credentials);
  EXPECT_EQ(login("nobody", kPassword).kind, LoginResult::Kind::bad_credentials);
}

TEST_F(AuthServiceTest, RefreshRotatesAndTheOldTokenWorksOnlyWithinTheGraceWindow) {
  add_user("alice");
  auto& auth = service();
  auto first = login("alice", kPassword).tokens;
  auto second = refresh(first.refresh);
  ASSERT_TRUE(second.ok);
  EXPECT_NE(second.tokens.refresh, first.refresh);
  EXPECT_TRUE(auth.verify_access(second.tokens.access));

  // A second tab presenting the same (now previous) token within the grace window.
  auto twin = refresh(first.refresh);
  ASSERT_TRUE(twin.ok);
  // Both tabs end up with a refresh token that still rotates.
  EXPECT_TRUE(refresh(twin.tokens.refresh).ok);
}

TEST_F(AuthServiceTest, ReplayingARotatedTokenRevokesTheWholeSession) {
  add_user("alice");
  auto& auth = service(with([](auto& o) { o.refresh_grace = 0; }));
  std::vector<std::int64_t> revoked;
  auth.on_session_revoked([&](std::int64_t sid) { revoked.push_back(sid); });
  auto stolen = login("alice", kPassword).tokens;
  auto sid = auth.verify_access(stolen.access)->session_id;
  auto current = refresh(stolen.refresh);
  ASSERT_TRUE(current.ok);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));

  EXPECT_FALSE(refresh(stolen.refresh).ok);            // the replay
  EXPECT_EQ(revoked, std::vector<std::int64_t>{sid});  // sockets get closed
  EXPECT_FALSE(refresh(current.tokens.refresh).ok);    // the legitimate one is dead too
  EXPECT_FALSE(auth.verify_access(current.tokens.access));
  EXPECT_FALSE(auth.verify_access(stolen.access));
  EXPECT_TRUE(store_->find_session(sid)->revoked_at);
}

TEST_F(AuthServiceTest, ConcurrentRefreshesOfOneTokenAllSucceed) {
  add_user("alice");
  service();
  auto tokens = login("alice", kPassword).tokens;
  asio::io_context io;
  std::vector<std::future<auth::RefreshResult>> results;
  for (int i = 0; i < 4; ++i) {
    results.push_back(asio::co_spawn(io, service_->refresh(tokens.refresh), asio::use_future));
  }
  io.run();
  for (auto& result : results) EXPECT_TRUE(result.get().ok);
}

TEST_F(AuthServiceTest, LogoutRevokesAndIsIdempotent) {
  add_user("alice");
  auto& auth = service();
  int notified = 0;
  auth.on_session_revoked([&](std::int64_t) { ++notified; });
  auto tokens = login("alice", kPassword).tokens;
  auto other = login("alice", kPassword).tokens;  // another device
  logout(tokens.refresh, "");
  EXPECT_FALSE(auth.verify_access(tokens.access));
  EXPECT_FALSE(refresh(tokens.refresh).ok);
  EXPECT_TRUE(auth.verify_access(other.access));  // only that session ended
  logout(tokens.refresh, tokens.access);
  logout("", "");
  logout("garbage", "more.garbage.here");
  EXPECT_EQ(notified, 1);
}

TEST_F(AuthServiceTest, LogoutWithOnlyTheAccessTokenRevokesToo) {
  add_user("alice");
  auto& auth = service();
  auto tokens = login("alice", kPassword).tokens;
  logout("", tokens.access);
  EXPECT_FALSE(auth.verify_access(tokens.access));
  EXPECT_FALSE(refresh(tokens.refresh).ok);
}

TEST_F(AuthServiceTest, RevocationsSurviveARestart) {
  add_user("alice");
  service();
  auto tokens = login("alice", kPassword).tokens;
  logout(tokens.refresh, "");
  auto& restarted = service();
  EXPECT_FALSE(restarted.verify_access(tokens.access));
}

TEST_F(AuthServiceTest, FailedLoginsAreThrottledPerUsernameAndAddress) {
  add_user("alice");
  add_user("bob");
  service(with([](auto& o) {
    o.login_failures_per_minute = 3;
    o.login_failures_per_address_per_minute = 5;
  }));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(login("alice", "wrong").kind, LoginResult::Kind::bad_credentials);
  }
  auto throttled = login("alice", kPassword);  // right password, still refused
  EXPECT_EQ(throttled.kind, LoginResult::Kind::throttled);
  EXPECT_GT(throttled.retry_after, 0);
  EXPECT_EQ(login("Alice", kPassword).kind, LoginResult::Kind::throttled);  // same name, any case
  EXPECT_EQ(login("alice", kPassword, "10.0.0.2").kind, LoginResult::Kind::ok);  // elsewhere
  EXPECT_EQ(login("bob", kPassword).kind, LoginResult::Kind::ok);  // another name, same address
  // The address limit: 3 + 2 more failures from here, whatever the name.
  EXPECT_EQ(login("carol", "wrong").kind, LoginResult::Kind::bad_credentials);
  EXPECT_EQ(login("dave", "wrong").kind, LoginResult::Kind::bad_credentials);
  EXPECT_EQ(login("bob", kPassword).kind, LoginResult::Kind::throttled);
}

TEST_F(AuthServiceTest, SuccessfulLoginsAreNeverThrottled) {
  add_user("alice");
  service(with([](auto& o) {
    o.login_failures_per_minute = 1;
    o.login_failures_per_address_per_minute = 1;
  }));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(login("alice", kPassword).kind, LoginResult::Kind::ok);
}

TEST_F(AuthServiceTest, DjangoHashesAreVerifiedAndUpgraded) {
  auto id = add_user("legacy", auth::django_pbkdf2_hash(kPassword, "saltsalt", 1000));
  service();
  EXPECT_EQ(login("legacy", "wrong password").kind, LoginResult::Kind::bad_credentials);
  EXPECT_TRUE(store_->find_account(id)->password_hash.starts_with("pbkdf2_sha256$"));
  EXPECT_EQ(login("legacy", kPassword).kind, LoginResult::Kind::ok);
  auto upgraded = store_->find_account(id)->password_hash;
  EXPECT_TRUE(upgraded.starts_with("$argon2id$")) << upgraded;
  EXPECT_EQ(login("legacy", kPassword).kind, LoginResult::Kind::ok);
}

TEST_F(AuthServiceTest, RegistrationRefusesReservedAndTakenNames) {
  add_user("alice");
  service();
  auto reg = [&](const std::string& name) {
    const std::string password = kPassword;  // the coroutine keeps a reference to it
    return run([&] { return service_->register_account(name, password); }).kind;
  };
  EXPECT_EQ(reg("SuperUser"), auth::RegisterResult::Kind::reserved);
  EXPECT_EQ(reg("ALICE"), auth::RegisterResult::Kind::exists);
  EXPECT_EQ(reg("zoë"), auth::RegisterResult::Kind::created);
  EXPECT_EQ(login("zoë", kPassword).kind, LoginResult::Kind::ok);
}

}  // namespace

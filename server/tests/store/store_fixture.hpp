// The store conformance suite runs every test against every backend: add a backend to
// backends() below and the whole suite runs on it too (the way Mattermost's storetest does).
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "postgres_server.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"
#include "util/time.hpp"

namespace store_test {

struct Backend {
  std::string name;
  // Makes an empty, migrated store living in dir.
  std::function<std::unique_ptr<store::Store>(const std::filesystem::path& dir)> make;
};

// Test names and logs show the backend's name, not the struct's bytes.
inline void PrintTo(const Backend& backend, std::ostream* out) {
  *out << backend.name;
}

inline std::vector<Backend> backends() {
  return {
      {"sqlite",
       [](const std::filesystem::path& dir) -> std::unique_ptr<store::Store> {
         return std::make_unique<store::sqlite::SqliteStore>((dir / "parley.sqlite3").string());
       }},
      // A database of its own on the test run's private PostgreSQL (postgres_server.hpp).
      {"postgresql",
       [](const std::filesystem::path&) -> std::unique_ptr<store::Store> {
         return std::make_unique<store::postgres::PostgresStore>(
             store_test::PostgresServer::instance().new_database());
       }},
  };
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("parley-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(dir_);
    store_ = GetParam().make(dir_);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  store::Store& store() { return *store_; }
  const std::filesystem::path& dir() const { return dir_; }
  static std::int64_t util_now() { return util::now_micros(); }

  // Helpers that make the usual rows.
  store::Id account(const std::string& name, bool staff = false) {
    return *store().create_account({name, "hash-of-" + name, staff});
  }
  store::Id category(const std::string& name) {
    return *store().create_category(name, "about " + name);
  }
  static model::NewMessage new_message(store::Id channel, store::Id sender, std::string content) {
    model::NewMessage message;
    message.channel_id = channel;
    message.sender_id = sender;
    message.content = std::move(content);
    return message;
  }
  static store::MessagePage page(store::Id channel, std::optional<store::Id> before,
                                 std::optional<store::Id> after, int limit) {
    store::MessagePage page;
    page.channel_id = channel;
    page.before = before;
    page.after = after;
    page.limit = limit;
    return page;
  }

 private:
  static int& counter() {
    static int value = 0;
    return value;
  }
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

#define PARLEY_STORE_SUITE(Suite)                                                        \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::ValuesIn(store_test::backends()), \
                           [](const auto& info) { return info.param.name; })

}  // namespace store_test

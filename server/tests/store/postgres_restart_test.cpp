// PostgreSQL goes away and comes back: store calls fail while it is down (never a false
// success) and work again once it is back, without a new store (no Parley restart).
#include <gtest/gtest.h>

#include "postgres_server.hpp"
#include "store/postgres/postgres_store.hpp"

namespace {

store::ChannelOp create(store::Id channel, store::Id sender, std::string text) {
  store::ChannelOp op;
  op.channel_id = channel;
  op.actor_id = sender;
  op.content = std::move(text);
  return op;
}

class PostgresRestart : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = store_test::PostgresServer::start_private();
    store_ = std::make_unique<store::postgres::PostgresStore>(server_->new_database());
    owner_ = *store_->create_account({"owner", "h", false});
    auto category = *store_->create_category("c", std::nullopt);
    auto server = store_->create_server({"S", std::nullopt, owner_, category});
    channel_ = store_->create_channel({server, owner_, "general", ""});
    ASSERT_EQ(store_->apply_channel_ops({create(channel_, owner_, "before")}).at(0).status,
              store::OpStatus::applied);
  }
  void TearDown() override {
    store_.reset();
    server_.reset();
  }

  std::unique_ptr<store_test::PostgresServer> server_;
  std::unique_ptr<store::postgres::PostgresStore> store_;
  store::Id owner_ = 0;
  store::Id channel_ = 0;
};

TEST_F(PostgresRestart, CallsFailDuringTheOutageAndTheNextOneAfterReconnects) {
  server_->stop();
  EXPECT_FALSE(store_->ping());
  try {
    store_->find_account(owner_);
    ADD_FAILURE() << "a call while PostgreSQL is down returned";
  } catch (const store::postgres::Unavailable& e) {
    EXPECT_TRUE(e.sqlstate().starts_with("08") || e.sqlstate().starts_with("57P")) << e.sqlstate();
  }
  EXPECT_THROW(store_->apply_channel_ops({create(channel_, owner_, "during")}),
               util::ServiceUnavailable);
  server_->start();
  EXPECT_TRUE(store_->ping());
  ASSERT_TRUE(store_->find_account(owner_));
  auto results = store_->apply_channel_ops({create(channel_, owner_, "after")});
  ASSERT_EQ(results.at(0).status, store::OpStatus::applied);
  EXPECT_EQ(results[0].event->seq, 2) << "the failed batch must not have taken a seq";
  auto events = store_->events_after(channel_, 0, 10);
  ASSERT_EQ(events.size(), 2u);
}

TEST_F(PostgresRestart, AConnectionIdleThroughARestartWorksOnItsFirstCall) {
  server_->stop();
  server_->start();
  // Its prepared statements died with the old server session: they are prepared again.
  ASSERT_TRUE(store_->find_account(owner_));
  EXPECT_EQ(store_->apply_channel_ops({create(channel_, owner_, "after")}).at(0).status,
            store::OpStatus::applied);
}

TEST_F(PostgresRestart, ATransactionCutByTheOutageStoresNothing) {
  EXPECT_ANY_THROW(store_->transaction([&] {
    store_->create_account({"inside", "h", false});
    server_->stop();
    store_->create_account({"second", "h", false});
  }));
  server_->start();
  EXPECT_FALSE(store_->find_account_by_name("inside"));
  EXPECT_FALSE(store_->find_account_by_name("second"));
  store_->transaction([&] { store_->create_account({"later", "h", false}); });
  EXPECT_TRUE(store_->find_account_by_name("later"));
}

}  // namespace

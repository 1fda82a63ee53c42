// The read-state queries on SQLite are index searches, never scans of a table: what an ack
// costs does not grow with a channel's history or a user's mentions (SPEC §8, issue 11).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/sqlite/read_state_queries.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

namespace sql = store::sqlite::read_state_sql;

class ReadStatePlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("parley-plan-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<store::sqlite::SqliteStore>((dir_ / "parley.sqlite3").string());
    db_ = std::make_unique<store::sqlite::Connection>(store_->path());
    db_->exec("ANALYZE");
  }
  void TearDown() override {
    db_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // The plan's detail lines.
  std::vector<std::string> plan(const char* query) {
    std::vector<std::string> lines;
    auto stmt = db_->prepare(std::string("EXPLAIN QUERY PLAN ") + query);
    while (stmt.step()) lines.push_back(stmt.text(3));
    return lines;
  }
  // Every table read is a search through an index or the primary key; only subquery results
  // (bounded by their LIMIT) are scanned.
  void expect_searches_only(const char* query, const std::vector<std::string>& indexes) {
    auto lines = plan(query);
    std::string all;
    for (const auto& line : lines) all += line + "\n";
    for (const auto& line : lines) {
      if (line.rfind("SCAN ", 0) == 0) {
        EXPECT_TRUE(line.find("SCAN (subquery") == 0 || line.find("SCAN mine") == 0 ||
                    line.find("SCAN everyone") == 0)
            << "a table scan:\n"
            << all;
      }
    }
    for (const auto& index : indexes) EXPECT_NE(all.find(index), std::string::npos) << all;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::unique_ptr<store::sqlite::Connection> db_;
};

TEST_F(ReadStatePlanTest, TheMentionCountSearchesTheMentionsAndTheEveryoneIndex) {
  expect_searches_only(sql::kMentionCount,
                       {"SEARCH mm USING PRIMARY KEY (user_id=? AND channel_id=? AND message_id>?)",
                        "SEARCH messages USING INDEX messages_everyone (channel_id=? AND id>?)"});
}

TEST_F(ReadStatePlanTest, TheAckLookUpSearchesByKeys) {
  expect_searches_only(sql::kAckLookup, {"PRIMARY KEY"});
}

TEST_F(ReadStatePlanTest, TheListingSearchesTheUsersRowsAndServers) {
  expect_searches_only(sql::kList, {"memberships_by_account"});
}

}  // namespace

// SQLite writer starvation: a background writer committing batch after batch (the search
// index catching up after an import) must let a waiting writer (a login, a startup prune) in
// within about one batch, not keep it out until its busy timeout.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/lock_waits.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using store::sqlite::Connection;

constexpr auto kBatchHoldsLock = std::chrono::milliseconds(30);
constexpr auto kBackgroundRuns = std::chrono::milliseconds(2500);
// Far above one batch and the yield, far below the background run: a starved writer fails.
constexpr auto kLongestFairWait = std::chrono::milliseconds(800);

TEST(SqliteLockWaits, ABackgroundWriterLetsAWaitingWriterIn) {
  auto dir =
      std::filesystem::temp_directory_path() / ("parley-lock-waits-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "db.sqlite3").string();
  {
    Connection setup(path);
    setup.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT)");
  }

  std::atomic<bool> background_running{true};
  std::atomic<int> background_batches{0};
  std::thread background([&] {
    Connection db(path);
    store::sqlite::BackgroundWriter as_background;
    auto until = Clock::now() + kBackgroundRuns;
    while (Clock::now() < until) {
      store::sqlite::let_waiting_writers_go_first(std::chrono::milliseconds(20));
      db.exec("BEGIN IMMEDIATE");
      db.exec("INSERT INTO t (who) VALUES ('background')");
      std::this_thread::sleep_for(kBatchHoldsLock);
      db.exec("COMMIT");
      ++background_batches;
    }
    background_running = false;
  });

  Connection db(path);
  while (background_batches.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  Clock::duration longest{};
  int writes = 0;
  while (background_running.load() && writes < 10) {
    auto started = Clock::now();
    db.exec("BEGIN IMMEDIATE");
    db.exec("INSERT INTO t (who) VALUES ('foreground')");
    db.exec("COMMIT");
    longest = std::max(longest, Clock::now() - started);
    ++writes;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  background.join();
  std::filesystem::remove_all(dir);

  EXPECT_EQ(writes, 10) << "the background writer ended before ten foreground writes";
  EXPECT_LT(longest, kLongestFairWait)
      << "a foreground write waited "
      << std::chrono::duration_cast<std::chrono::milliseconds>(longest).count() << " ms";
}

}  // namespace

#pragma once

#include <chrono>

namespace store::sqlite {

// How a connection waits for another's write lock, and how a background writer (the search
// indexer) lets waiting writers in. SQLite's own busy timeout backs off to 100 ms sleeps, so a
// writer that commits and begins again at once (an index catch-up of many batches) can keep a
// waiting login out until its timeout: the classic SQLite writer starvation.

// Installed on every connection: retries every millisecond, gives up after five seconds.
int wait_for_write_lock(void* unused, int attempts);

// While alive, this thread's lock waits do not count as "a writer waiting" (its own waits
// must not make it yield to itself).
class BackgroundWriter {
 public:
  BackgroundWriter();
  ~BackgroundWriter();
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;

 private:
  bool was_background_;
};

// Sleeps while another thread is waiting for the write lock, at most `at_most`: called between
// a background writer's transactions, so a waiting writer gets in at its next retry.
void let_waiting_writers_go_first(std::chrono::milliseconds at_most);

}  // namespace store::sqlite

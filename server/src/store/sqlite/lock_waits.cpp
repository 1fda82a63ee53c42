#include "store/sqlite/lock_waits.hpp"

#include <atomic>
#include <cstdint>
#include <thread>

namespace store::sqlite {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kBusyTimeout = std::chrono::seconds(5);
constexpr auto kRetryEvery = std::chrono::milliseconds(1);
// A waiter retries every millisecond: one seen more recently than this is still waiting.
constexpr auto kStillWaiting = std::chrono::milliseconds(3);

std::atomic<Clock::rep> last_foreground_wait{0};
thread_local bool background = false;
thread_local Clock::time_point waiting_since;

}  // namespace

int wait_for_write_lock(void*, int attempts) {
  auto now = Clock::now();
  if (attempts == 0) {
    waiting_since = now;
  } else if (now - waiting_since >= kBusyTimeout) {
    return 0;  // SQLITE_BUSY for the caller
  }
  if (!background) last_foreground_wait.store(now.time_since_epoch().count());
  std::this_thread::sleep_for(kRetryEvery);
  return 1;
}

BackgroundWriter::BackgroundWriter() : was_background_(background) {
  background = true;
}

BackgroundWriter::~BackgroundWriter() {
  background = was_background_;
}

void let_waiting_writers_go_first(std::chrono::milliseconds at_most) {
  auto deadline = Clock::now() + at_most;
  for (;;) {
    auto now = Clock::now();
    auto last = Clock::time_point(Clock::duration(last_foreground_wait.load()));
    if (now - last >= kStillWaiting || now >= deadline) return;
    std::this_thread::sleep_for(kRetryEvery);
  }
}

}  // namespace store::sqlite

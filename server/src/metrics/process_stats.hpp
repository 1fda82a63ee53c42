// The standard process_* metrics, read from the kernel at scrape time.
#pragma once
#include <cstdint>

namespace metrics {

struct ProcessStats {
  double cpu_seconds = 0;  // user + system
  std::int64_t resident_bytes = 0;
  std::int64_t virtual_bytes = 0;
  std::int64_t open_fds = 0;
  std::int64_t max_fds = 0;
  double start_time_seconds = 0;  // since the Unix epoch
};

ProcessStats read_process_stats();

}  // namespace metrics

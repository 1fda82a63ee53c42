// CPU and memory readings: the tool's own (getrusage) and the server's (/proc).
#pragma once

#include <cstdint>
#include <vector>

namespace parley_load {

double self_cpu_seconds();  // user + system of this process

struct ServerSample {
  bool ok = false;           // every PID was readable
  double cpu_seconds = 0;    // utime + stime summed over PIDs
  std::int64_t rss_kib = 0;  // VmRSS summed over PIDs
};
ServerSample sample_server(const std::vector<int>& pids);

// Raises RLIMIT_NOFILE to the hard limit; returns the new soft limit.
std::uint64_t raise_fd_limit();

}  // namespace parley_load

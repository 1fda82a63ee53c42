#include "metrics/process_stats.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace metrics {
namespace {

std::int64_t count_open_fds() {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return 0;
  std::int64_t count = 0;
  while (auto* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // the directory being read
}

// Boot time from /proc/stat ("btime N").
double boot_time() {
  std::ifstream in("/proc/stat");
  std::string key;
  while (in >> key) {
    if (key == "btime") {
      double value = 0;
      in >> value;
      return value;
    }
    in.ignore(1 << 16, '\n');
  }
  return 0;
}

}  // namespace

ProcessStats read_process_stats() {
  ProcessStats stats;
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) == 0) {
    stats.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                        static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  }
  long page = sysconf(_SC_PAGESIZE);
  if (std::FILE* statm = std::fopen("/proc/self/statm", "r")) {
    long size = 0, resident = 0;
    if (std::fscanf(statm, "%ld %ld", &size, &resident) == 2) {
      stats.virtual_bytes = static_cast<std::int64_t>(size) * page;
      stats.resident_bytes = static_cast<std::int64_t>(resident) * page;
    }
    std::fclose(statm);
  }
  stats.open_fds = count_open_fds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0)
    stats.max_fds = static_cast<std::int64_t>(limit.rlim_cur);
  // Field 22 of /proc/self/stat: start time in clock ticks after boot. The command name
  // (field 2) may hold spaces; fields are counted after its closing parenthesis.
  std::ifstream in("/proc/self/stat");
  std::string line;
  std::getline(in, line);
  auto close = line.rfind(')');
  if (close != std::string::npos) {
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && rest >> field; ++i) {
      if (i == 22) {
        stats.start_time_seconds =
            boot_time() + std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
      }
    }
  }
  return stats;
}

}  // namespace metrics

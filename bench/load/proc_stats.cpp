#include "proc_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace parley_load {

double self_cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto tv = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return tv(ru.ru_utime) + tv(ru.ru_stime);
}

ServerSample sample_server(const std::vector<int>& pids) {
  ServerSample s;
  if (pids.empty()) return s;
  s.ok = true;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  for (int pid : pids) {
    std::ifstream st("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!st || !std::getline(st, line)) {
      s.ok = false;
      continue;
    }
    // Fields after the command name (which is in parentheses and may contain spaces):
    // state(3) ... utime(14) stime(15).
    auto rp = line.rfind(')');
    if (rp == std::string::npos) {
      s.ok = false;
      continue;
    }
    std::istringstream is(line.substr(rp + 2));
    std::string f;
    unsigned long long ut = 0, stt = 0;
    for (int k = 3; k <= 15 && (is >> f); ++k) {
      if (k == 14) ut = std::stoull(f);
      if (k == 15) stt = std::stoull(f);
    }
    s.cpu_seconds += static_cast<double>(ut + stt) / tick;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    bool found = false;
    while (std::getline(status, line)) {
      if (line.rfind("VmRSS:", 0) == 0) {
        s.rss_kib += std::stoll(line.substr(6));
        found = true;
        break;
      }
    }
    if (!found) s.ok = false;
  }
  return s;
}

std::uint64_t raise_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 0;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
  }
  return rl.rlim_cur;
}

}  // namespace parley_load

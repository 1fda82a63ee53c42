// parley-load: WebSocket fan-out and idle-connection load generator. See --help.
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>

#include "modes.hpp"
#include "options.hpp"
#include "target.hpp"

int main(int argc, char** argv) {
  using namespace parley_load;
  std::signal(SIGPIPE, SIG_IGN);
  try {
    const Options opts = parse_options(argc, argv);
    const Target target = resolve_target(opts.url, opts.allow_remote);
    if (opts.mode == "discover") return run_discover(opts, target);
    if (opts.mode == "idle") return run_idle(opts, target);
    if (opts.mode == "connect") return run_connect(opts, target);
    if (opts.mode == "catchup") return run_catchup(opts, target);
    if (opts.mode == "storm") return run_storm(opts, target);
    if (opts.mode == "flood") return run_flood(opts, target);
    return run_fanout(opts, target);
  } catch (const std::exception& e) {
    std::cerr << "parley-load: " << e.what() << "\n";
    return 2;
  }
}

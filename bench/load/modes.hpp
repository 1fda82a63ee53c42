// The three modes; each returns the process exit code.
#pragma once

#include "options.hpp"
#include "target.hpp"

namespace parley_load {

int run_fanout(const Options& opts, const Target& target);
int run_idle(const Options& opts, const Target& target);
int run_discover(const Options& opts, const Target& target);
int run_connect(const Options& opts, const Target& target);
int run_catchup(const Options& opts, const Target& target);
int run_storm(const Options& opts, const Target& target);
int run_flood(const Options& opts, const Target& target);

// Random hex tag identifying this run's messages.
std::string make_run_tag();

}  // namespace parley_load

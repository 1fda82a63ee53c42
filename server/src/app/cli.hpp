// The `parley` command line (CLI11): subcommands, options, and their PARLEY_* variables.
#pragma once

namespace app {

int run_cli(int argc, char** argv);

}  // namespace app

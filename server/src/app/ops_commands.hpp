// The operations subcommands: `parley import-djchat` and `parley backup`. cli.cpp adds them
// to its CLI11 app and asks, after parsing, whether one of them was chosen.
#pragma once
#include <memory>
#include <optional>

namespace CLI {
class App;
}

namespace app {

class OpsCommands {
 public:
  explicit OpsCommands(CLI::App& cli);  // registers the subcommands and their options
  ~OpsCommands();
  // The exit code when one of these subcommands was parsed; nullopt otherwise.
  std::optional<int> run() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace app

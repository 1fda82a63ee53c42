// parley: the chat server and its admin commands.
#include <csignal>

#include "app/cli.hpp"

int main(int argc, char** argv) {
  // A write to a peer that has gone away must be an EPIPE error, never the end of the
  // process. Asio and libpq send with MSG_NOSIGNAL, but hiredis write()s: Redis dying under
  // a publish killed the node (SIGPIPE's default action).
  std::signal(SIGPIPE, SIG_IGN);
  return app::run_cli(argc, argv);
}

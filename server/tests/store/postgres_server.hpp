// A private PostgreSQL 15 for the store tests: initdb into a temporary directory, the
// postmaster on a Unix socket there (no TCP), started by PID once per test process and
// stopped when the process exits. Under ctest, whose every test is a process of its own, the
// fixture in server/CMakeLists.txt starts one cluster for the run instead (scripts/test-postgres)
// and passes its socket directory in PARLEY_TEST_POSTGRES_DIR; PARLEY_TEST_POSTGRES (a libpq
// connection string without dbname, e.g. "host=/some/dir port=5432 user=parley") names any
// other server to use.
//
// There is no silent skip: without PostgreSQL's binaries the postgresql cases fail, saying
// what to install.
#pragma once
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

namespace store_test {

class PostgresServer {
 public:
  // The server of this test process, started on first use.
  static PostgresServer& instance();
  // A cluster of its own, for tests that stop and start it.
  static std::unique_ptr<PostgresServer> start_private();

  // Fast shutdown (clients are disconnected), waiting for the postmaster to exit; start()
  // brings it back on the same data and socket.
  void stop();
  void start();

  // The connection string of a new, empty database of its own.
  std::string new_database();

  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;
  ~PostgresServer();

 private:
  enum class Shared { yes, no };
  explicit PostgresServer(Shared shared);
  void launch();  // create_cluster() then start(), leaving nothing behind if either fails
  void create_cluster();

  std::string base_conninfo_;  // without dbname
  std::filesystem::path dir_;  // ours to delete; empty when the server is someone else's
  std::filesystem::path log_;
  pid_t postmaster_ = -1;
  int databases_ = 0;
};

}  // namespace store_test

#include "postgres_server.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace store_test {
namespace {

// Where Debian's postgresql-15 puts its server programs; PARLEY_PG_BINDIR overrides.
std::filesystem::path bindir() {
  if (const char* dir = std::getenv("PARLEY_PG_BINDIR")) return dir;
  return "/usr/lib/postgresql/15/bin";
}

// PostgreSQL refuses to run as root: as root the server runs as the postgres account.
struct RunAs {
  bool drop = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

RunAs run_as() {
  RunAs who;
  if (geteuid() != 0) return who;
  const passwd* account = getpwnam("postgres");
  if (!account) {
    throw std::runtime_error(
        "running as root, and there is no postgres account to run PostgreSQL as "
        "(install postgresql-15: scripts/bootstrap --test)");
  }
  who.drop = true;
  who.uid = account->pw_uid;
  who.gid = account->pw_gid;
  return who;
}

// Forks and execs argv with its output appended to log; the child dies with this process.
pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& log,
            const RunAs& who) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    if (who.drop && (setgid(who.gid) != 0 || setuid(who.uid) != 0)) _exit(126);
    // After setuid, which clears it: a crashed test run leaves no server behind.
    prctl(PR_SET_PDEATHSIG, SIGQUIT);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void exec_sql(const std::string& conninfo, const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error("test PostgreSQL: " + std::string(PQerrorMessage(conn.get())));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    throw std::runtime_error("test PostgreSQL: " + sql + ": " + PQresultErrorMessage(result.get()));
  }
}

}  // namespace

PostgresServer& PostgresServer::instance() {
  static PostgresServer server(Shared::yes);
  return server;
}

std::unique_ptr<PostgresServer> PostgresServer::start_private() {
  return std::unique_ptr<PostgresServer>(new PostgresServer(Shared::no));
}

PostgresServer::PostgresServer(Shared shared) {
  if (shared == Shared::no) {
    launch();
    return;
  }
  if (const char* given = std::getenv("PARLEY_TEST_POSTGRES"); given && *given) {
    base_conninfo_ = given;
    return;
  }
  // The socket directory of a cluster scripts/test-postgres started (the ctest fixture).
  if (const char* dir = std::getenv("PARLEY_TEST_POSTGRES_DIR"); dir && *dir) {
    base_conninfo_ = std::string("host=") + dir + " port=5432 user=parley";
    return;
  }
  launch();
}

void PostgresServer::launch() {
  // A constructor that throws runs no destructor: clean up here.
  try {
    create_cluster();
    start();
  } catch (...) {
    stop();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    throw;
  }
}

void PostgresServer::create_cluster() {
  auto initdb = bindir() / "initdb";
  if (!std::filesystem::exists(initdb) || !std::filesystem::exists(bindir() / "postgres")) {
    throw std::runtime_error("PostgreSQL 15 is not installed (no " + initdb.string() +
                             "): run scripts/bootstrap --test, or set PARLEY_PG_BINDIR");
  }
  RunAs who = run_as();
  std::string pattern = (std::filesystem::temp_directory_path() / "parley-pg-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
  dir_ = pattern;
  if (who.drop && chown(dir_.c_str(), who.uid, who.gid) != 0) {
    throw std::runtime_error("cannot hand " + dir_.string() + " to the postgres account");
  }
  log_ = dir_ / "postgres.log";
  auto& log = log_;
  auto data = dir_ / "data";
  // No fsync anywhere: a test cluster that dies is thrown away, and it makes CREATE DATABASE
  // per test cheap.
  int rc = wait_exit(spawn({initdb.string(), "-D", data.string(), "-U", "parley", "-A", "trust",
                            "-E", "UTF8", "--no-locale", "--no-sync"},
                           log, who));
  if (rc != 0) {
    throw std::runtime_error("initdb failed (exit " + std::to_string(rc) + "), see " +
                             log.string());
  }
  base_conninfo_ = "host=" + dir_.string() + " port=5432 user=parley";
}

void PostgresServer::start() {
  if (postmaster_ > 0) return;
  RunAs who = run_as();
  auto postgres = bindir() / "postgres";
  auto data = dir_ / "data";
  postmaster_ =
      spawn({postgres.string(), "-D", data.string(), "-k", dir_.string(), "-c",
             "listen_addresses=", "-p", "5432", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=200"},
            log_, who);
  auto& log = log_;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  auto ping = base_conninfo_ + " dbname=postgres";
  while (PQping(ping.c_str()) != PQPING_OK) {
    int status = 0;
    if (waitpid(postmaster_, &status, WNOHANG) == postmaster_) {
      postmaster_ = -1;
      throw std::runtime_error("PostgreSQL exited at start, see " + log.string());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("PostgreSQL did not start within 30 s, see " + log.string());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void PostgresServer::stop() {
  if (postmaster_ <= 0) return;
  kill(postmaster_, SIGINT);  // fast shutdown: disconnects clients, then exits
  wait_exit(postmaster_);
  postmaster_ = -1;
}

PostgresServer::~PostgresServer() {
  stop();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string PostgresServer::new_database() {
  std::string name = "parley_test_" + std::to_string(getpid()) + "_" + std::to_string(++databases_);
  exec_sql(base_conninfo_ + " dbname=postgres", "CREATE DATABASE " + name);
  return base_conninfo_ + " dbname=" + name;
}

}  // namespace store_test

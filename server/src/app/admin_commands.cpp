// migrate, load, user create/set-password, category add: the offline commands.
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.hpp"
#include "app/database.hpp"
#include "app/fixture_loader.hpp"
#include "auth/password.hpp"
#include "chat/username.hpp"

namespace app {
namespace {

int fail(const std::string& message) {
  std::cerr << "parley: " << message << "\n";
  return 1;
}

// PARLEY_PASSWORD, else a prompt without echo (or a line of standard input when it is
// not a terminal). Never from argv, where other users could read it.
std::optional<std::string> read_password() {
  if (const char* env = std::getenv("PARLEY_PASSWORD")) return std::string(env);
  bool tty = isatty(STDIN_FILENO);
  termios saved{};
  if (tty) {
    std::cerr << "Password: " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  bool ok = static_cast<bool>(std::getline(std::cin, password));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!ok) return std::nullopt;
  return password;
}

}  // namespace

int run_migrate(const std::string& data_dir, const std::string& database) {
  try {
    auto store = open_store(data_dir, database);
    std::cout << "database is up to date\n";
    return 0;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

int run_load(const std::string& data_dir, const std::string& database, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail("cannot read " + file);
  std::stringstream text;
  text << in.rdbuf();
  try {
    auto store = open_store(data_dir, database);
    auto started = std::chrono::steady_clock::now();
    bool tty = isatty(STDERR_FILENO);
    auto report = load_fixture(
        *store, text.str(), [tty](const std::string& stage, std::size_t done, std::size_t total) {
          // On a terminal the line updates in place; in logs each report is its own line.
          std::fprintf(stderr, tty ? "\r%s: %zu/%zu" : "%s: %zu/%zu\n", stage.c_str(), done, total);
          if (tty && done == total) std::fprintf(stderr, "\n");
        });
    auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf(
        "loaded %s in %.2fs: %d users, %d categories, %d servers, %d channels, %d memberships, "
        "%d messages created\n",
        file.c_str(), seconds, report.users_created, report.categories_created,
        report.servers_created, report.channels_created, report.memberships_created,
        report.messages_created);
    return 0;
  } catch (const FixtureError& e) {
    return fail(file + ": " + e.what() + " (nothing was changed)");
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

int run_user_create(const std::string& data_dir, const std::string& database,
                    const std::string& username, bool staff) {
  if (auto error = chat::username_error(username); !error.empty())
    return fail("username: " + error);
  if (chat::is_reserved_username(username)) return fail("username: Username not allowed");
  auto password = read_password();
  if (!password) return fail("no password given");
  if (auto error = auth::password_error(*password); !error.empty())
    return fail("password: " + error);
  try {
    auto store = open_store(data_dir, database);
    auto id = store->create_account({username, auth::hash_password(*password), staff});
    if (!id) return fail("username: Username already exists");
    std::printf("created user %s (id %lld%s)\n", username.c_str(), static_cast<long long>(*id),
                staff ? ", staff" : "");
    return 0;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

int run_user_set_password(const std::string& data_dir, const std::string& database,
                          const std::string& username) {
  try {
    auto store = open_store(data_dir, database);
    auto account = store->find_account_by_name(username);
    if (!account) return fail("no user named " + username);
    auto password = read_password();
    if (!password) return fail("no password given");
    if (auto error = auth::password_error(*password); !error.empty())
      return fail("password: " + error);
    store->set_password_hash(account->id, auth::hash_password(*password));
    std::printf("password of %s changed\n", account->username.c_str());
    return 0;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

int run_category_add(const std::string& data_dir, const std::string& database,
                     const std::string& name, const std::string& description) {
  if (name.empty() || name.size() > 100) return fail("category name must be 1 to 100 characters");
  try {
    auto store = open_store(data_dir, database);
    auto id = store->create_category(
        name, description.empty() ? std::nullopt : std::optional<std::string>(description));
    if (!id) return fail("a category named " + chat::fold_case(name) + " exists");
    std::printf("created category %s (id %lld)\n", chat::fold_case(name).c_str(),
                static_cast<long long>(*id));
    return 0;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

}  // namespace app

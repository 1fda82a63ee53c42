// Getting users ready: optional registration, login (access_token cookie), membership.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "options.hpp"
#include "target.hpp"

namespace parley_load {

struct Session {
  std::string user;
  std::string cookie;    // "access_token=<jwt>" for the Cookie header
  std::int64_t id = -1;  // the account's id (GET /api/account/me/), with opts.fetch_user_ids
};

struct UsersReport {
  int registered = 0;
  int already_existed = 0;
  int logged_in = 0;
  int failed = 0;
  std::map<std::string, int> join_results;  // "200", "409", "http 404", ...
  std::vector<std::string> errors;          // first few
  double seconds = 0;
};

// Logs in every user in opts.users (registering first with --register) using
// opts.login_concurrency threads; the first `joiners` users join opts.server_id and the
// --join-server ids. Returns the sessions that logged in, in the order of opts.users.
std::vector<Session> prepare_users(const Options& opts, const Target& target, int joiners,
                                   UsersReport& rep);

}  // namespace parley_load

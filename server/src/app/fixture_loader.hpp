// `parley load FILE.json`: the demo-community format (users, categories, servers with
// members and channels, messages). Idempotent (entries are matched by natural key) and
// all-or-nothing (one transaction; a bad entry changes nothing and is named in the error).
#pragma once
#include <functional>
#include <stdexcept>
#include <string>

#include "store/store.hpp"

namespace app {

struct LoadReport {
  int users_created = 0;
  int categories_created = 0;
  int servers_created = 0;
  int channels_created = 0;
  int memberships_created = 0;
  int messages_created = 0;
};

class FixtureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// progress(stage, done, total) is called now and then for long stages.
using Progress = std::function<void(const std::string& stage, std::size_t done, std::size_t total)>;

// Throws FixtureError naming the offending entry (e.g. `servers[2] "Jazz Corner": ...`).
LoadReport load_fixture(store::Store& store, const std::string& json_text,
                        const Progress& progress = {});

}  // namespace app

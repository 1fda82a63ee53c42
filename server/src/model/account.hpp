// A user account.
#pragma once
#include <string>

#include "model/ids.hpp"

namespace model {

struct Account {
  Id id = 0;
  std::string username;
  std::string password_hash;
  bool is_staff = false;
  bool is_active = true;
  Micros date_joined = 0;
};

}  // namespace model

// A service Parley depends on (the database; later the bus) cannot be reached right now, and
// the same call may work once it is back. Whoever answers a client turns it into a 503 or an
// `unavailable` error frame rather than a server error: nothing was stored, try again.
#pragma once
#include <stdexcept>

namespace util {

class ServiceUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace util

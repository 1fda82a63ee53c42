// The two scalar types every record uses.
#pragma once
#include <cstdint>

namespace model {

using Id = std::int64_t;
using Micros = std::int64_t;  // microseconds since the Unix epoch, UTC

}  // namespace model

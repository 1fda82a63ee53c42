// Unguessable names: 128 bits from OpenSSL's generator, as 32 lower-case hex digits.
#pragma once
#include <string>

namespace util {

std::string random_token();

}  // namespace util

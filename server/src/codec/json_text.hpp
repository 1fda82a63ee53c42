// The few JSON writing primitives every frame and response body is built from: appending to
// one string keeps a message's frame at a single allocation.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "model/ids.hpp"

namespace codec {

// Appends s as a JSON string literal (quotes and escapes included).
void append_json_string(std::string& out, std::string_view s);
void append_int(std::string& out, std::int64_t value);
// "2026-11-28T09:50:12.345678Z", quotes included.
void append_timestamp(std::string& out, model::Micros micros);

}  // namespace codec

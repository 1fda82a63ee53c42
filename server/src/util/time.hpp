// Wall-clock time as microseconds since the Unix epoch, and its ISO 8601 form.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace util {

using Micros = std::int64_t;

Micros now_micros();

// "2026-11-28T09:50:12.345678Z": the one timestamp format of the API (REST and WebSocket).
std::string iso8601_micros(Micros t);

// Writes the same 27 characters into out (no allocation; for hot paths).
void iso8601_micros_into(Micros t, char out[27]);

// Reads "YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]" (a space may stand for the T; no zone
// means UTC; digits beyond microseconds are dropped). nullopt for anything else, including
// dates that do not exist (February 30th) and years outside 1970..9999.
std::optional<Micros> parse_iso8601(std::string_view text);

}  // namespace util

// Django's datetimes as its SQLite backend stores them: "YYYY-MM-DD HH:MM:SS[.ffffff]"
// (UTC when USE_TZ is on, as in djchat; Django writes no offset), or ISO 8601 with a 'T',
// and with "+HH:MM" / "Z" when something else wrote them.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace app {

struct DjangoTime {
  std::int64_t micros = 0;  // since the Unix epoch, UTC
  bool naive = false;       // no offset in the text: read as UTC
};

// nullopt when the text is not such a datetime (or out of the years 1..9999).
std::optional<DjangoTime> parse_django_time(std::string_view text);

}  // namespace app

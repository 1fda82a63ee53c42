// Building responses: JSON bodies and DRF-shaped errors ({"detail": "..."}).
#pragma once
#include <boost/json/value.hpp>
#include <string_view>

#include "http/types.hpp"

namespace http {

Response json_response(Status status, const boost::json::value& body);
Response json_response(Status status, std::string body);  // body already serialized
Response error_response(Status status, std::string_view detail);
// The detail of a 503 while a service Parley depends on is down (util::ServiceUnavailable).
inline constexpr std::string_view kServiceUnavailable =
    "A service this server depends on is unavailable; try again shortly.";
// 204 and friends: no body, no content type.
Response empty_response(Status status);

// The DRF detail text of common statuses.
Response not_found();
Response method_not_allowed(Verb verb);

}  // namespace http

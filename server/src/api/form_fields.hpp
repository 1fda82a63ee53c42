// Request bodies as DRF reads them: a JSON object, or a form-encoded body; plus CharField-like
// access to string fields with DRF's messages. Parse failures come back as the response to
// send (400 "JSON parse error - ...", 400 non_field_errors, 415).
#pragma once
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "http/types.hpp"

namespace api {

// The body as an object, or the error response. An empty body is an empty object.
std::variant<boost::json::object, http::Response> read_fields(const http::Request& request);

struct StringField {
  std::optional<std::string> value;  // set when valid
  std::string error;                 // DRF's message otherwise
};

// A required string: missing, null, blank and non-string values give DRF's messages; numbers
// are accepted as their text, as DRF's CharField does. trim strips surrounding whitespace.
StringField string_field(const boost::json::object& fields, std::string_view name, bool trim);

}  // namespace api

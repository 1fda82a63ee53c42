// Reading requests and writing errors the DRF way: strict integers, JSON object bodies, and
// field errors ({"field": ["message"]}) collected across a body.
#pragma once
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/types.hpp"

namespace api {

// A decimal integer without sign, spaces or overflow ("007" is 7); nullopt otherwise.
std::optional<std::int64_t> parse_id(std::string_view text);

http::Response field_error(std::string_view field, std::string_view message);
http::Response permission_denied();  // 403, DRF's text

// The JSON object of a request body, or the 400 to answer.
struct JsonObjectBody {
  boost::json::object object;
  std::optional<http::Response> error;
};
JsonObjectBody read_json_object(const http::Request& request);

// Reads typed fields from a JSON object body, collecting every field error.
class FieldReader {
 public:
  explicit FieldReader(const boost::json::object& body) : body_(body) {}

  bool has(std::string_view key) const { return body_.contains(key); }
  // A string field of at most max characters. nullopt when absent (an error when required)
  // or invalid. Names are trimmed.
  std::optional<std::string> text(std::string_view key, std::size_t max, bool required,
                                  bool allow_blank, bool trim = true);
  // Like text, but null is a value: nullopt when absent, optional{nullopt} for null.
  std::optional<std::optional<std::string>> nullable_text(std::string_view key, std::size_t max);
  // An integer in [min, max]; nullopt when absent or invalid.
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                      bool required);
  void add_error(std::string_view key, std::string_view message);

  bool ok() const { return errors_.empty(); }
  http::Response error_response() const;

 private:
  const boost::json::object& body_;
  boost::json::object errors_;
};

}  // namespace api

#include "api/request_io.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <charconv>
#include <cmath>

#include "chat/community_rules.hpp"
#include "http/response.hpp"

namespace api {

std::optional<std::int64_t> parse_id(std::string_view text) {
  if (text.empty() || text[0] == '-') return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

http::Response field_error(std::string_view field, std::string_view message) {
  boost::json::object body;
  body[field] = boost::json::array{boost::json::string(message)};
  return http::json_response(http::Status::bad_request, body);
}

http::Response permission_denied() {
  return http::error_response(http::Status::forbidden,
                              "You do not have permission to perform this action.");
}

JsonObjectBody read_json_object(const http::Request& request) {
  JsonObjectBody result;
  boost::system::error_code ec;
  auto value = boost::json::parse(request.body(), ec);
  if (ec) {
    result.error =
        http::error_response(http::Status::bad_request, "JSON parse error - " + ec.message());
    return result;
  }
  if (!value.is_object()) {
    std::string got = value.is_array()    ? "list"
                      : value.is_string() ? "str"
                      : value.is_bool()   ? "bool"
                      : value.is_null()   ? "NoneType"
                      : value.is_double() ? "float"
                                          : "int";
    boost::json::object body;
    body["non_field_errors"] = boost::json::array{
        boost::json::string("Invalid data. Expected a dictionary, but got " + got + ".")};
    result.error = http::json_response(http::Status::bad_request, body);
    return result;
  }
  result.object = std::move(value.as_object());
  return result;
}

void FieldReader::add_error(std::string_view key, std::string_view message) {
  auto& slot = errors_[key];
  if (!slot.is_array()) slot = boost::json::array{};
  slot.as_array().emplace_back(boost::json::string(message));
}

std::optional<std::string> FieldReader::text(std::string_view key, std::size_t max, bool required,
                                             bool allow_blank, bool trim) {
  auto it = body_.find(key);
  if (it == body_.end()) {
    if (required) add_error(key, "This field is required.");
    return std::nullopt;
  }
  if (it->value().is_null()) {
    add_error(key, "This field may not be null.");
    return std::nullopt;
  }
  if (!it->value().is_string()) {
    add_error(key, "Not a valid string.");
    return std::nullopt;
  }
  std::string_view raw = it->value().as_string();
  std::string_view value = trim ? chat::trim(raw) : raw;
  auto error = chat::text_error(value, max, allow_blank);
  if (!error.empty()) {
    add_error(key, error);
    return std::nullopt;
  }
  return std::string(value);
}

std::optional<std::optional<std::string>> FieldReader::nullable_text(std::string_view key,
                                                                     std::size_t max) {
  auto it = body_.find(key);
  if (it == body_.end()) return std::nullopt;
  if (it->value().is_null()) return std::optional<std::string>{};
  auto value = text(key, max, false, true, false);
  if (!value) return std::nullopt;
  return std::optional<std::string>{std::move(*value)};
}

std::optional<std::int64_t> FieldReader::integer(std::string_view key, std::int64_t min,
                                                 std::int64_t max, bool required) {
  auto it = body_.find(key);
  if (it == body_.end()) {
    if (required) add_error(key, "This field is required.");
    return std::nullopt;
  }
  const auto& v = it->value();
  std::optional<std::int64_t> number;
  if (v.is_int64()) {
    number = v.as_int64();
  } else if (v.is_uint64()) {
    number = std::nullopt;  // beyond int64: too large anyway
    add_error(key, "Ensure this value is less than or equal to " + std::to_string(max) + ".");
    return std::nullopt;
  } else if (v.is_double()) {
    // 3.0 is 3; 3.5, NaN and infinities are not integers. Boost.JSON 1.81 reads "0e444" as
    // NaN (0 × ∞), and converting NaN, or a double beyond int64, to an integer is undefined.
    double d = v.as_double();
    if (std::isfinite(d) && d >= -9e18 && d <= 9e18 && d == std::trunc(d)) {
      number = static_cast<std::int64_t>(d);
    }
  }
  if (!number) {
    add_error(key, "A valid integer is required.");
    return std::nullopt;
  }
  if (*number < min) {
    add_error(key, "Ensure this value is greater than or equal to " + std::to_string(min) + ".");
    return std::nullopt;
  }
  if (*number > max) {
    add_error(key, "Ensure this value is less than or equal to " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return number;
}

http::Response FieldReader::error_response() const {
  return http::json_response(http::Status::bad_request, boost::json::value(errors_));
}

}  // namespace api

#include "api/form_fields.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "http/response.hpp"

namespace api {
namespace {

std::string_view python_type_name(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::array:
      return "list";
    case boost::json::kind::string:
      return "str";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
      return "int";
    case boost::json::kind::double_:
      return "float";
    case boost::json::kind::bool_:
      return "bool";
    case boost::json::kind::null:
      return "NoneType";
    case boost::json::kind::object:
      return "dict";
  }
  return "unknown";
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim_text(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::variant<boost::json::object, http::Response> parse_json(std::string_view body) {
  if (trim_text(body).empty()) return boost::json::object{};
  boost::json::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec) {
    return http::error_response(http::Status::bad_request, "JSON parse error - " + ec.message());
  }
  if (!value.is_object()) {
    std::string message = "Invalid data. Expected a dictionary, but got ";
    message += python_type_name(value);
    message += ".";
    return http::json_response(http::Status::bad_request,
                               boost::json::value{{"non_field_errors", {message}}});
  }
  return std::move(value.as_object());
}

// application/x-www-form-urlencoded: '+' is a space, %XX a byte; nullopt when malformed.
std::optional<std::string> form_decode(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int high = hex(text[i + 1]);
      int low = hex(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::variant<boost::json::object, http::Response> parse_form(std::string_view body) {
  boost::json::object fields;
  while (!body.empty()) {
    auto end = body.find('&');
    std::string_view pair = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (pair.empty()) continue;
    auto equals = pair.find('=');
    auto key = form_decode(pair.substr(0, equals));
    auto value = form_decode(equals == std::string_view::npos ? std::string_view()
                                                              : pair.substr(equals + 1));
    if (!key || !value) {
      return http::error_response(http::Status::bad_request, "Form parse error - bad escape.");
    }
    if (!fields.contains(*key)) fields[*key] = *value;  // the first one wins
  }
  return fields;
}

}  // namespace

std::variant<boost::json::object, http::Response> read_fields(const http::Request& request) {
  std::string_view content_type = request[http::bhttp::field::content_type];
  std::string_view media_type = trim_text(content_type.substr(0, content_type.find(';')));
  const std::string& body = request.body();
  if (media_type.empty() || http::beast::iequals(media_type, "application/json") ||
      (media_type.size() > 5 && media_type.ends_with("+json"))) {
    return parse_json(body);
  }
  if (http::beast::iequals(media_type, "application/x-www-form-urlencoded")) {
    return parse_form(body);
  }
  if (trim_text(body).empty()) return boost::json::object{};
  std::string detail = "Unsupported media type \"";
  detail += content_type;
  detail += "\" in request.";
  return http::error_response(http::Status::unsupported_media_type, detail);
}

StringField string_field(const boost::json::object& fields, std::string_view name, bool trim) {
  auto* value = fields.if_contains(name);
  if (!value) return {std::nullopt, "This field is required."};
  std::string text;
  switch (value->kind()) {
    case boost::json::kind::null:
      return {std::nullopt, "This field may not be null."};
    case boost::json::kind::string:
      text = std::string(value->get_string());
      break;
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      text = boost::json::serialize(*value);
      break;
    default:
      return {std::nullopt, "Not a valid string."};
  }
  if (trim) text = std::string(trim_text(text));
  if (text.empty()) return {std::nullopt, "This field may not be blank."};
  return {std::move(text), {}};
}

}  // namespace api

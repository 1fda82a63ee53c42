#include "http/response.hpp"

#include <boost/beast/http/verb.hpp>
#include <boost/json/serialize.hpp>

namespace http {

Response json_response(Status status, std::string body) {
  Response response{status, 11};
  response.set(bhttp::field::content_type, "application/json");
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

Response json_response(Status status, const boost::json::value& body) {
  return json_response(status, boost::json::serialize(body));
}

Response error_response(Status status, std::string_view detail) {
  return json_response(status, boost::json::value{{"detail", detail}});
}

Response empty_response(Status status) {
  Response response{status, 11};
  response.prepare_payload();
  return response;
}

Response not_found() {
  return error_response(Status::not_found, "Not found.");
}

Response method_not_allowed(Verb verb) {
  std::string detail = "Method \"";
  detail += std::string_view(bhttp::to_string(verb));
  detail += "\" not allowed.";
  return error_response(Status::method_not_allowed, detail);
}

}  // namespace http

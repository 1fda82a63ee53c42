#include "http/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace http {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim_space(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Parameters of a header value: `type; key=value; key="quoted \" value"`. Returns the
// first token (the type) and fills params with lower-cased keys.
std::string parse_header_params(std::string_view value,
                                std::vector<std::pair<std::string, std::string>>& params) {
  std::size_t i = value.find(';');
  std::string head = lower(trim_space(value.substr(0, i)));
  while (i != std::string_view::npos && i < value.size()) {
    ++i;  // past ';'
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    auto eq = value.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string key = lower(trim_space(value.substr(i, eq - i)));
    i = eq + 1;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    std::string val;
    if (i < value.size() && value[i] == '"') {
      ++i;
      while (i < value.size() && value[i] != '"') {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        val += value[i++];
      }
      if (i < value.size()) ++i;  // closing quote
      i = value.find(';', i);
    } else {
      auto end = value.find(';', i);
      val = std::string(trim_space(value.substr(i, end == std::string_view::npos ? end : end - i)));
      i = end;
    }
    params.emplace_back(std::move(key), std::move(val));
  }
  return head;
}

const std::string* param(const std::vector<std::pair<std::string, std::string>>& params,
                         std::string_view key) {
  for (auto& [k, v] : params) {
    if (k == key) return &v;
  }
  return nullptr;
}

bool valid_boundary(std::string_view b) {
  if (b.empty() || b.size() > 70 || b.back() == ' ') return false;
  constexpr std::string_view kExtra = "'()+_,-./:=? ";
  return std::all_of(b.begin(), b.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || kExtra.find(c) != std::string_view::npos;
  });
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  std::vector<std::pair<std::string, std::string>> params;
  if (parse_header_params(content_type, params) != "multipart/form-data") return std::nullopt;
  auto boundary = param(params, "boundary");
  if (!boundary || !valid_boundary(*boundary)) return std::nullopt;
  return *boundary;
}

std::string parse_part_headers(std::string_view headers, MultipartPart& part) {
  auto fail = [](std::string message) { return message; };
  bool has_disposition = false;
  while (!headers.empty()) {
    auto eol = headers.find("\r\n");
    auto line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return fail("Malformed multipart header.");
    auto name = lower(trim_space(line.substr(0, colon)));
    auto value = trim_space(line.substr(colon + 1));
    std::vector<std::pair<std::string, std::string>> params;
    if (name == "content-disposition") {
      if (parse_header_params(value, params) != "form-data") {
        return fail("Multipart part is not form-data.");
      }
      auto field = param(params, "name");
      if (!field) return fail("Multipart part without a name.");
      part.name = *field;
      if (auto filename = param(params, "filename")) part.filename = *filename;
      has_disposition = true;
    } else if (name == "content-type") {
      part.content_type = parse_header_params(value, params);
    }
  }
  if (!has_disposition) return fail("Multipart part without Content-Disposition.");
  return {};
}

MultipartResult parse_multipart(std::string_view body, std::string_view boundary,
                                const MultipartLimits& limits) {
  MultipartResult result;
  auto fail = [&](std::string message) {
    result.parts.clear();
    result.error = std::move(message);
    return result;
  };
  std::string delimiter = "--" + std::string(boundary);
  // The first delimiter starts the body or follows a preamble line.
  std::size_t pos;
  if (body.starts_with(delimiter)) {
    pos = delimiter.size();
  } else {
    auto found = body.find("\r\n" + delimiter);
    if (found == std::string_view::npos) return fail("Multipart boundary not found.");
    pos = found + 2 + delimiter.size();
  }
  std::string next_delimiter = "\r\n" + delimiter;
  while (true) {
    if (body.substr(pos, 2) == "--") return result;  // close delimiter
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return fail("Malformed multipart delimiter.");
    pos += 2;
    if (result.parts.size() >= limits.max_parts) return fail("Too many multipart parts.");

    auto headers_end = body.find("\r\n\r\n", pos);
    std::size_t header_bytes =
        headers_end == std::string_view::npos ? body.size() - pos : headers_end - pos;
    // A part without headers has its blank line right away.
    if (body.substr(pos, 2) == "\r\n") {
      headers_end = pos - 2;
      header_bytes = 0;
    }
    if (header_bytes > limits.max_header_bytes) return fail("Multipart part headers too large.");
    if (headers_end == std::string_view::npos) return fail("Truncated multipart body.");

    MultipartPart part;
    std::string_view headers = header_bytes ? body.substr(pos, header_bytes) : std::string_view{};
    if (auto problem = parse_part_headers(headers, part); !problem.empty()) return fail(problem);
    pos = headers_end + 4;
    auto end = body.find(next_delimiter, pos);
    if (end == std::string_view::npos) return fail("Truncated multipart body.");
    part.body = body.substr(pos, end - pos);
    result.parts.push_back(std::move(part));
    pos = end + next_delimiter.size();
  }
}

const MultipartPart* find_part(const MultipartResult& result, std::string_view name) {
  for (const auto& part : result.parts) {
    if (part.name == name) return &part;
  }
  return nullptr;
}

}  // namespace http

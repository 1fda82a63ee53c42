#include "ws/handshake.hpp"

#include <openssl/sha.h>

#include <boost/beast/core/detail/base64.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <vector>

namespace ws {
namespace {

std::optional<model::Id> positive_id(std::string_view text) {
  model::Id value = 0;
  if (text.empty() || text.size() > 18) return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

}  // namespace

std::optional<ChatTarget> parse_chat_target(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  std::vector<std::string> segments;
  for (auto segment : url->segments()) {
    if (segments.size() == 3) return std::nullopt;
    segments.emplace_back(segment);
  }
  ChatTarget chat_target;
  if (segments.size() == 2 && segments[0] == "ws" && segments[1] == "gateway") {
    chat_target.protocol = Protocol::gateway;
    return chat_target;
  }
  std::size_t first = 0;
  if (segments.size() == 3 && segments[0] == "ws") {
    chat_target.protocol = Protocol::parley;
    first = 1;
  } else if (segments.size() == 2) {
    chat_target.protocol = Protocol::original;
  } else {
    return std::nullopt;
  }
  if (segments[first].empty() || segments[first + 1].empty()) return std::nullopt;
  if (chat_target.protocol == Protocol::parley && segments[first] == "@me") {
    chat_target.direct = true;
    chat_target.server_id = 0;
  } else {
    chat_target.server_id = positive_id(segments[first]);
  }
  chat_target.channel_id = positive_id(segments[first + 1]);
  auto params = url->params();
  auto read_param = [&params](std::string_view name) -> std::optional<model::Id> {
    auto it = params.find(name);
    if (it == params.end() || !(*it).has_value) return std::nullopt;
    std::string value((*it).value);
    if (value == "0") return 0;
    return positive_id(value);
  };
  chat_target.after = read_param("after");
  chat_target.after_seq = read_param("after_seq");
  return chat_target;
}

std::string websocket_accept(std::string_view key) {
  static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::string input(key);
  input.append(kGuid);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  std::string out(boost::beast::detail::base64::encoded_size(sizeof digest), '\0');
  out.resize(boost::beast::detail::base64::encode(out.data(), digest, sizeof digest));
  return out;
}

}  // namespace ws

// The JSON of a chat socket's text frames (ws/client_request), as every protocol reads it.
#include <cstdint>
#include <string_view>

#include "chat/chat_service.hpp"
#include "fuzz_check.hpp"
#include "ws/client_request.hpp"
#include "ws/utf8_validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view payload(reinterpret_cast<const char*>(data), size);
  // The session only hands over complete, valid UTF-8 text.
  if (!ws::Utf8Validator::is_valid(payload)) return 0;
  auto request = ws::parse_client_request(payload);
  FUZZ_CHECK(request.nonce_json.size() <= chat::kMaxNonceBytes);
  if (!request.is_object) FUZZ_CHECK(!request.problem.empty());
  if (request.message) {
    FUZZ_CHECK(request.message->size() <= payload.size());
    FUZZ_CHECK(ws::Utf8Validator::is_valid(*request.message));
  }
  if (request.channel_id) FUZZ_CHECK(*request.channel_id > 0);
  if (request.reply_to) FUZZ_CHECK(*request.reply_to > 0);
  return 0;
}

// What a client's JSON text frame asks for, on the Parley channel protocol and the gateway:
// {"type", "message"?, "nonce"?, "channel_id"?, "reply_to"?, "status"?, "server_id"?,
// "attachments"?}.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/ids.hpp"

namespace ws {

struct ClientRequest {
  std::string_view problem;  // not empty: the frame is refused (bad_frame) for this reason
  bool is_object = false;    // a JSON object (the original protocol reads only "message")
  std::string type;
  std::string nonce_json;  // serialized, echoed back as it came
  std::optional<std::string> message;
  bool message_present = false;  // "message" given (maybe not as a string)
  std::optional<model::Id> channel_id;
  bool channel_id_present = false;
  std::optional<model::Id> reply_to;
  bool reply_to_present = false;
  std::optional<std::string> status;   // "presence" (SPEC §11), when a string
  std::optional<model::Id> server_id;  // "subscribe_members", when an id
  std::vector<model::Id> attachments;  // "message": upload ids (SPEC §12)
  std::string attachments_problem;     // not empty: "attachments" is malformed
};

ClientRequest parse_client_request(std::string_view payload);

}  // namespace ws

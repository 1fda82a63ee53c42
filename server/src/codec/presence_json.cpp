#include "codec/presence_json.hpp"

#include "codec/json_text.hpp"

namespace codec {

std::string presence_update_frame(model::Id user_id, model::PresenceStatus status) {
  std::string out = R"({"type":"presence.update","user_id":)";
  append_int(out, user_id);
  out.append(R"(,"status":")");
  out.append(model::status_name(status));
  out.append("\"}");
  return out;
}

}  // namespace codec

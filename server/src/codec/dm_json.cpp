#include "codec/dm_json.hpp"

#include "codec/json_text.hpp"

namespace codec {

void append_dm_channel(std::string& out, const model::DirectChannel& dm, model::Id viewer_id) {
  bool group = dm.kind == model::DmKind::group;
  out.append(R"({"id":)");
  append_int(out, dm.id);
  out.append(group ? R"(,"type":"group","name":)" : R"(,"type":"dm","name":)");
  if (group && dm.name) {
    append_json_string(out, *dm.name);
  } else {
    out.append("null");
  }
  out.append(R"(,"owner":)");
  if (group && dm.owner_id != 0) {
    append_int(out, dm.owner_id);
  } else {
    out.append("null");
  }
  out.append(R"(,"recipients":[)");
  bool first = true;
  for (const auto& user : dm.recipients) {
    if (user.id == viewer_id) continue;
    if (!first) out.push_back(',');
    first = false;
    out.append(R"({"id":)");
    append_int(out, user.id);
    out.append(R"(,"username":)");
    append_json_string(out, user.username);
    out.push_back('}');
  }
  out.append(R"(],"last_message_id":)");
  if (dm.last_message_id != 0) {
    append_int(out, dm.last_message_id);
  } else {
    out.append("null");
  }
  out.append(R"(,"last_seq":)");
  append_int(out, dm.last_seq);
  out.push_back('}');
}

std::string dm_channel_json(const model::DirectChannel& dm, model::Id viewer_id) {
  std::string out;
  append_dm_channel(out, dm, viewer_id);
  return out;
}

std::string dm_frame(const char* type, const model::DirectChannel& dm, model::Id viewer_id) {
  std::string out = R"({"type":)";
  append_json_string(out, type);
  out.append(R"(,"channel":)");
  append_dm_channel(out, dm, viewer_id);
  out.push_back('}');
  return out;
}

std::string dm_delete_frame(model::Id channel_id) {
  std::string out = R"({"type":"dm.delete","channel_id":)";
  append_int(out, channel_id);
  out.push_back('}');
  return out;
}

}  // namespace codec

#include "codec/gateway_json.hpp"

#include "codec/dm_json.hpp"
#include "codec/json_text.hpp"
#include "codec/read_state_json.hpp"

namespace codec {
namespace {

void append_icon(std::string& out, const std::optional<std::string>& icon) {
  if (!icon) {
    out.append("null");
    return;
  }
  append_json_string(out, "/media/" + *icon);
}

void append_user(std::string& out, model::Id user_id, const std::string& username) {
  out.append(R"({"id":)");
  append_int(out, user_id);
  out.append(R"(,"username":)");
  append_json_string(out, username);
  out.push_back('}');
}

}  // namespace

void append_gateway_channel(std::string& out, const model::Channel& channel,
                            std::uint64_t permissions) {
  out.append(R"({"id":)");
  append_int(out, channel.id);
  out.append(R"(,"name":)");
  append_json_string(out, channel.name);
  out.append(R"(,"topic":)");
  append_json_string(out, channel.topic);
  out.append(R"(,"last_message_id":)");
  append_int(out, channel.last_message_id);
  out.append(R"(,"last_seq":)");
  append_int(out, channel.last_seq);
  if (permissions != 0) {
    out.append(R"(,"permissions":")");
    append_int(out, static_cast<std::int64_t>(permissions));
    out.push_back('"');
  }
  out.push_back('}');
}

void append_gateway_server(std::string& out, const model::MemberServer& server,
                           const PermissionsOf& permissions) {
  out.append(R"({"id":)");
  append_int(out, server.id);
  out.append(R"(,"name":)");
  append_json_string(out, server.name);
  out.append(R"(,"icon":)");
  append_icon(out, server.icon);
  out.append(R"(,"owner":)");
  append_int(out, server.owner_id);
  out.append(R"(,"channels":[)");
  for (std::size_t i = 0; i < server.channels.size(); ++i) {
    if (i) out.push_back(',');
    append_gateway_channel(out, server.channels[i], permissions(server, server.channels[i]));
  }
  out.append("]}");
}

std::string ready_frame(model::Id user_id, const std::string& username,
                        const std::vector<model::MemberServer>& servers,
                        const PermissionsOf& permissions,
                        const std::vector<model::DirectChannel>& dms,
                        const std::vector<model::ReadState>& read_states,
                        std::uint64_t max_upload_bytes) {
  std::string out;
  out.reserve(256 + servers.size() * 1200 + read_states.size() * 64);
  out.append(R"({"type":"ready","user":)");
  append_user(out, user_id, username);
  out.append(R"(,"servers":[)");
  for (std::size_t i = 0; i < servers.size(); ++i) {
    if (i) out.push_back(',');
    append_gateway_server(out, servers[i], permissions);
  }
  out.append(R"(],"dms":[)");
  for (std::size_t i = 0; i < dms.size(); ++i) {
    if (i) out.push_back(',');
    append_dm_channel(out, dms[i], user_id);
  }
  out.append(R"(],"read_states":)");
  append_read_states(out, read_states);
  out.append(R"(,"limits":{"max_upload_bytes":)");
  out.append(std::to_string(max_upload_bytes));
  out.append("}}");
  return out;
}

std::string member_join_frame(model::Id server_id, model::Id user_id, const std::string& username,
                              const model::MemberServer* server, const PermissionsOf& permissions) {
  std::string out = R"({"type":"member.join","server_id":)";
  append_int(out, server_id);
  out.append(R"(,"user":)");
  append_user(out, user_id, username);
  if (server) {
    out.append(R"(,"server":)");
    append_gateway_server(out, *server, permissions);
  }
  out.push_back('}');
  return out;
}

std::string member_leave_frame(model::Id server_id, model::Id user_id) {
  std::string out = R"({"type":"member.leave","server_id":)";
  append_int(out, server_id);
  out.append(R"(,"user_id":)");
  append_int(out, user_id);
  out.push_back('}');
  return out;
}

std::string channel_frame(const char* type, model::Id server_id, const model::Channel& channel,
                          std::uint64_t permissions) {
  std::string out = R"({"type":")";
  out.append(type);
  out.append(R"(","server_id":)");
  append_int(out, server_id);
  out.append(R"(,"channel":)");
  append_gateway_channel(out, channel, permissions);
  out.push_back('}');
  return out;
}

std::string channel_delete_frame(model::Id server_id, model::Id channel_id) {
  std::string out = R"({"type":"channel.delete","server_id":)";
  append_int(out, server_id);
  out.append(R"(,"channel_id":)");
  append_int(out, channel_id);
  out.push_back('}');
  return out;
}

std::string server_update_frame(const model::MemberServer& server) {
  std::string out = R"({"type":"server.update","server":{"id":)";
  append_int(out, server.id);
  out.append(R"(,"name":)");
  append_json_string(out, server.name);
  out.append(R"(,"icon":)");
  append_icon(out, server.icon);
  out.append(R"(,"owner":)");
  append_int(out, server.owner_id);
  out.append("}}");
  return out;
}

std::string server_delete_frame(model::Id server_id) {
  std::string out = R"({"type":"server.delete","server_id":)";
  append_int(out, server_id);
  out.push_back('}');
  return out;
}

}  // namespace codec

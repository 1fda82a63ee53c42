// The gateway's own frames (SPEC §6): ready, and what changes in the user's servers.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/community.hpp"
#include "model/direct_message.hpp"
#include "model/read_state.hpp"

namespace codec {

// {"id","name","topic","last_message_id","last_seq"[,"permissions"]}; permissions is left
// out when 0 (frames shared by every member: each knows its own from ready).
void append_gateway_channel(std::string& out, const model::Channel& channel,
                            std::uint64_t permissions);
// The reader's bits in one channel of one server (chat/permissions.hpp).
using PermissionsOf =
    std::function<std::uint64_t(const model::MemberServer& server, const model::Channel& channel)>;

// {"id","name","icon","owner","channels":[...]}, every channel with its permissions.
void append_gateway_server(std::string& out, const model::MemberServer& server,
                           const PermissionsOf& permissions);

// {"type":"ready","user":{"id","username"},"servers":[...],"dms":[...],"read_states":[...],
//  "limits":{"max_upload_bytes"}}
std::string ready_frame(model::Id user_id, const std::string& username,
                        const std::vector<model::MemberServer>& servers,
                        const PermissionsOf& permissions,
                        const std::vector<model::DirectChannel>& dms,
                        const std::vector<model::ReadState>& read_states,
                        std::uint64_t max_upload_bytes);

std::string member_join_frame(model::Id server_id, model::Id user_id, const std::string& username,
                              const model::MemberServer* server, const PermissionsOf& permissions);
std::string member_leave_frame(model::Id server_id, model::Id user_id);
// channel.create / channel.update; permissions 0: left out (an update changes none).
std::string channel_frame(const char* type, model::Id server_id, const model::Channel& channel,
                          std::uint64_t permissions = 0);
std::string channel_delete_frame(model::Id server_id, model::Id channel_id);
std::string server_update_frame(const model::MemberServer& server);
std::string server_delete_frame(model::Id server_id);

}  // namespace codec

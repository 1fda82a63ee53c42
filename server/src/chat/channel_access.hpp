// The reader's standing in a channel with its effective bits (store::ChannelAccess::permissions):
// the store says whether the channel exists and whether the reader is a member or recipient;
// the permission function (from the cached roles and overwrites) says what they may do. A
// channel the reader may not view is not found. Runs on the database pool.
#pragma once
#include "chat/permission_cache.hpp"
#include "store/store.hpp"

namespace chat {

store::ChannelAccess resolve_channel_access(store::Store& store, model::Id channel_id,
                                            model::Id reader_id);

// may_see_server for a user whose membership is not known yet: the store is asked only when
// the answer depends on it (a private server). Database pool.
bool may_see_server(store::Store& store, const model::ServerPermissions& server, model::Id user_id);

// Keeps in each of the member's servers only the channels they may view; returns each server's
// permission data (same order; nullptr for a server gone meanwhile).
std::vector<ServerPermissionsPtr> restrict_to_visible(store::Store& store, model::Id user_id,
                                                      std::vector<model::MemberServer>& servers);
// The same for one server and given permission data.
void restrict_to_visible(const model::ServerPermissions& permissions, model::Id user_id,
                         model::MemberServer& server);

}  // namespace chat

// What the direct message routes need (SPEC §9): the store, the database pool, the DM events
// for open gateways, and the communities API (PATCH /api/channels/{id}/ of a server channel).
#pragma once
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "api/community_deps.hpp"
#include "chat/dm_events.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace api {

struct DmDeps {
  store::Store& store;
  boost::asio::thread_pool& db_pool;
  chat::DmEvents& events;
  DepsPtr community;
};

using DmDepsPtr = std::shared_ptr<const DmDeps>;

// POST|GET /api/users/@me/channels/, PATCH /api/channels/{id}/ (dm_channels_api.cpp).
void register_dm_channel_routes(http::Router& router, DmDepsPtr deps);
// PUT|DELETE /api/channels/{id}/recipients/{user_id}/ (dm_recipients_api.cpp).
void register_dm_recipient_routes(http::Router& router, DmDepsPtr deps);
// GET /api/users/@me/blocks/, PUT|DELETE /api/users/@me/blocks/{user_id}/,
// GET /api/users/search/ (user_safety_api.cpp).
void register_user_safety_routes(http::Router& router, DmDepsPtr deps);

// The DM as the caller sees it, as a response body.
http::Response dm_response(http::Status status, const model::DirectChannel& dm,
                           std::int64_t viewer_id);

}  // namespace api

// Presence routes (SPEC §11): the member list, GET /api/servers/{id}/members/?after=USER_ID&
// limit=K (member_list_api.cpp), and my chosen status, GET /api/account/me/status/
// (presence_api.cpp).
#pragma once
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "http/router.hpp"
#include "presence/presence_tracker.hpp"
#include "store/store.hpp"

namespace api {

struct MemberListDeps {
  store::Store& store;
  boost::asio::thread_pool& db_pool;
  presence::PresenceTracker& presence;  // each member's status, as others see it
};

void register_member_list_routes(http::Router& router, std::shared_ptr<const MemberListDeps> deps);
void register_presence_routes(http::Router& router, std::shared_ptr<const MemberListDeps> deps);

}  // namespace api

// What the message, reaction and event routes need (SPEC §6-§7): the store for reading, the
// chat rules for changing a channel (through the event writer), the community events for
// telling open gateways.
#pragma once
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "chat/chat_service.hpp"
#include "chat/community_events.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace api {

struct MessageDeps {
  store::Store& store;
  boost::asio::thread_pool& db_pool;
  chat::ChatService& chat;
};

using MessageDepsPtr = std::shared_ptr<const MessageDeps>;

void register_channel_message_routes(http::Router& router, MessageDepsPtr deps);
void register_reaction_routes(http::Router& router, MessageDepsPtr deps);
void register_event_routes(http::Router& router, MessageDepsPtr deps);
void register_search_routes(http::Router& router, MessageDepsPtr deps);

}  // namespace api

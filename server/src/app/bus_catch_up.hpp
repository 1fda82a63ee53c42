// How a node reads back the channel events the bus lost: from the shared database, on the
// database pool, built into the same deliveries the writer publishes (creation events with
// their message id and original-protocol frame; no nonce, which only the sender's own node
// echoes).
#pragma once
#include <boost/asio/thread_pool.hpp>

#include "realtime/channel_sequencer.hpp"
#include "store/store.hpp"

namespace app {

realtime::ChannelSequencer::ReadAfter read_missed_events(store::MessageStore& store,
                                                         boost::asio::thread_pool& db_pool);

}  // namespace app

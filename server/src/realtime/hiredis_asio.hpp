// hiredis's asynchronous API driven by a Boost.Asio io_context: the context's event hooks
// (ev.addRead/delRead/addWrite/delWrite/cleanup) become async_waits on its socket, so no
// thread ever blocks on Redis. Everything runs on the io_context's one thread.
#pragma once
#include <hiredis/async.h>

#include <boost/asio/io_context.hpp>

namespace realtime {

// Call right after redisAsync*Connect, before any command. false: hiredis refused the hooks.
bool attach_hiredis_to_asio(redisAsyncContext* context, boost::asio::io_context& io);

}  // namespace realtime

#include "realtime/hiredis_asio.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <memory>

namespace realtime {
namespace {

namespace asio = boost::asio;

// One per redisAsyncContext. hiredis owns (and closes) the file descriptor; the descriptor
// object only watches it, and lets go of it in cleanup, which hiredis calls before freeing the
// context. Handlers keep this object alive and check `context` before touching hiredis.
struct Watcher : std::enable_shared_from_this<Watcher> {
  Watcher(asio::io_context& io, redisAsyncContext* c) : socket(io, c->c.fd), context(c) {}

  void arm_read() {
    if (reading || !context || !want_read) return;
    reading = true;
    socket.async_wait(asio::posix::stream_descriptor::wait_read,
                      [self = shared_from_this()](const boost::system::error_code& ec) {
                        self->reading = false;
                        if (ec || !self->context || !self->want_read) return;
                        redisAsyncHandleRead(self->context);  // may end in cleanup
                        self->arm_read();
                      });
  }
  void arm_write() {
    if (writing || !context || !want_write) return;
    writing = true;
    socket.async_wait(asio::posix::stream_descriptor::wait_write,
                      [self = shared_from_this()](const boost::system::error_code& ec) {
                        self->writing = false;
                        if (ec || !self->context || !self->want_write) return;
                        redisAsyncHandleWrite(self->context);  // may end in cleanup
                        self->arm_write();
                      });
  }

  asio::posix::stream_descriptor socket;
  redisAsyncContext* context;
  bool want_read = false;
  bool want_write = false;
  bool reading = false;
  bool writing = false;
};

using Holder = std::shared_ptr<Watcher>;

Watcher& watcher(void* data) {
  return **static_cast<Holder*>(data);
}

void add_read(void* data) {
  auto& w = watcher(data);
  w.want_read = true;
  w.arm_read();
}
void del_read(void* data) {
  watcher(data).want_read = false;
}
void add_write(void* data) {
  auto& w = watcher(data);
  w.want_write = true;
  w.arm_write();
}
void del_write(void* data) {
  watcher(data).want_write = false;
}
void cleanup(void* data) {
  auto* holder = static_cast<Holder*>(data);
  auto& w = **holder;
  w.context = nullptr;
  w.want_read = w.want_write = false;
  boost::system::error_code ignored;
  w.socket.cancel(ignored);
  w.socket.release();  // hiredis closes the descriptor itself
  delete holder;       // pending handlers still hold the watcher
}

}  // namespace

bool attach_hiredis_to_asio(redisAsyncContext* context, asio::io_context& io) {
  if (context->ev.data != nullptr) return false;
  auto* holder = new Holder(std::make_shared<Watcher>(io, context));
  context->ev.addRead = add_read;
  context->ev.delRead = del_read;
  context->ev.addWrite = add_write;
  context->ev.delWrite = del_write;
  context->ev.cleanup = cleanup;
  context->ev.data = holder;
  return true;
}

}  // namespace realtime

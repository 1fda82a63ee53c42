// Sends to many sockets with one system call. A fan-out writes one frame (or a few) to each
// socket of a channel; on a VM every system call's entry and exit is expensive, so a shard
// gathers its sockets' writes and submits them together through io_uring (one io_uring_enter
// per up to kRingEntries sockets). Every send is non-blocking (MSG_DONTWAIT): it completes
// during the submission, with what the socket buffer took or -EAGAIN, exactly like sendmsg.
// Where io_uring is unavailable (old kernel, disabled by sysctl or a sandbox), the same
// batch falls back to one sendmsg per socket.
//
// One SendBatch per shard thread; not thread-safe.
#pragma once
#include <sys/socket.h>
#include <sys/uio.h>

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace realtime {

class SendBatch {
 public:
  SendBatch();
  ~SendBatch();
  SendBatch(const SendBatch&) = delete;
  SendBatch& operator=(const SendBatch&) = delete;

  // Queues buffers for fd; returns the entry's index (its result after submit()). The buffers'
  // memory must stay valid until submit() returns.
  std::size_t add(int fd, std::span<const iovec> buffers);

  // Sends everything added. result(i) is then the bytes sent or -errno (-EAGAIN: nothing fit).
  void submit();
  long result(std::size_t index) const { return entries_[index].result; }
  std::size_t size() const { return entries_.size(); }
  void clear();

  bool uses_io_uring() const { return ring_ != nullptr; }

 private:
  struct Entry {
    int fd;
    std::size_t first_buffer;
    std::size_t buffer_count;
    long result;
  };
  struct Ring;
  void submit_with_ring();
  void submit_one_by_one(std::size_t from);
  void abandon_ring(std::size_t start, std::size_t end, int status);

  std::unique_ptr<Ring> ring_;
  std::vector<Entry> entries_;
  std::vector<iovec> buffers_;
  std::vector<msghdr> headers_;
};

}  // namespace realtime

#include "realtime/send_batch.hpp"

#include <liburing.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "util/log.hpp"

namespace realtime {
namespace {

constexpr unsigned kRingEntries = 512;
constexpr int kSendFlags = MSG_DONTWAIT | MSG_NOSIGNAL;
constexpr long kPending = std::numeric_limits<long>::min();

// PARLEY_NO_IO_URING=1 forces the sendmsg fallback (tests cover both paths with it).
bool io_uring_allowed() {
  const char* off = std::getenv("PARLEY_NO_IO_URING");
  return !(off && *off && *off != '0');
}

}  // namespace

struct SendBatch::Ring {
  io_uring ring{};
};

SendBatch::SendBatch() {
  if (!io_uring_allowed()) return;
  auto ring = std::make_unique<Ring>();
  if (io_uring_queue_init(kRingEntries, &ring->ring, 0) == 0) ring_ = std::move(ring);
}

SendBatch::~SendBatch() {
  if (ring_) io_uring_queue_exit(&ring_->ring);
}

std::size_t SendBatch::add(int fd, std::span<const iovec> buffers) {
  entries_.push_back({fd, buffers_.size(), buffers.size(), 0});
  buffers_.insert(buffers_.end(), buffers.begin(), buffers.end());
  return entries_.size() - 1;
}

void SendBatch::clear() {
  entries_.clear();
  buffers_.clear();
  headers_.clear();
}

void SendBatch::submit() {
  if (entries_.empty()) return;
  // The message headers point into buffers_, which no longer grows from here on.
  headers_.assign(entries_.size(), msghdr{});
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    headers_[i].msg_iov = &buffers_[entries_[i].first_buffer];
    headers_[i].msg_iovlen = entries_[i].buffer_count;
  }
  if (ring_) {
    submit_with_ring();
  } else {
    submit_one_by_one(0);
  }
}

void SendBatch::submit_one_by_one(std::size_t from) {
  for (std::size_t i = from; i < entries_.size(); ++i) {
    ssize_t sent = ::sendmsg(entries_[i].fd, &headers_[i], kSendFlags);
    entries_[i].result = sent >= 0 ? static_cast<long>(sent) : -errno;
  }
}

void SendBatch::submit_with_ring() {
  io_uring& ring = ring_->ring;
  for (std::size_t start = 0; start < entries_.size(); start += kRingEntries) {
    std::size_t end = std::min(entries_.size(), start + kRingEntries);
    for (std::size_t i = start; i < end; ++i) {
      io_uring_sqe* sqe = io_uring_get_sqe(&ring);
      io_uring_prep_sendmsg(sqe, entries_[i].fd, &headers_[i], kSendFlags);
      io_uring_sqe_set_data64(sqe, i);
      entries_[i].result = kPending;
    }
    auto count = static_cast<unsigned>(end - start);
    unsigned completed = 0;
    while (completed < count) {
      // Non-blocking sends complete during the submission: this rarely waits, and never long.
      int status = io_uring_submit_and_wait(&ring, 1);
      if (status < 0 && status != -EINTR && status != -EAGAIN && status != -EBUSY) {
        return abandon_ring(start, end, status);
      }
      unsigned head = 0;
      unsigned seen = 0;
      io_uring_cqe* cqe = nullptr;
      io_uring_for_each_cqe(&ring, head, cqe) {
        entries_[io_uring_cqe_get_data64(cqe)].result = cqe->res;
        ++seen;
      }
      io_uring_cq_advance(&ring, seen);
      completed += seen;
    }
  }
}

void SendBatch::abandon_ring(std::size_t start, std::size_t end, int status) {
  // The ring broke, not one send. Whether this chunk's unanswered sends happened is unknown,
  // so their sockets fail (their clients reconnect and resume: nothing is sent twice). The
  // rest, and every later batch, go the plain way.
  util::LogEvent("ws.io_uring_failed").add("error", std::strerror(-status)).error();
  for (std::size_t i = start; i < end; ++i) {
    if (entries_[i].result == kPending) entries_[i].result = -EIO;
  }
  io_uring_queue_exit(&ring_->ring);
  ring_.reset();
  submit_one_by_one(end);
}

}  // namespace realtime

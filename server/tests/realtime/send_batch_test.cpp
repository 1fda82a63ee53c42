// SendBatch on real sockets, through io_uring and through the sendmsg fallback: what each
// socket took, a full socket (-EAGAIN or a partial count, never a block), a closed peer
// (an error, no SIGPIPE).
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "realtime/send_batch.hpp"

namespace {

struct SocketPair {
  int ours = -1;
  int theirs = -1;
  SocketPair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    ours = fds[0];
    theirs = fds[1];
  }
  ~SocketPair() {
    if (ours >= 0) ::close(ours);
    if (theirs >= 0) ::close(theirs);
  }
  std::string drain() const {
    std::string got;
    char buffer[65536];
    for (;;) {
      ssize_t n = ::recv(theirs, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n <= 0) return got;
      got.append(buffer, static_cast<std::size_t>(n));
    }
  }
};

iovec view(const std::string& s) {
  return {const_cast<char*>(s.data()), s.size()};
}

class SendBatchTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      ::unsetenv("PARLEY_NO_IO_URING");
    } else {
      ::setenv("PARLEY_NO_IO_URING", "1", 1);
    }
  }
  void TearDown() override { ::unsetenv("PARLEY_NO_IO_URING"); }
};

INSTANTIATE_TEST_SUITE_P(Paths, SendBatchTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "io_uring" : "sendmsg"; });

TEST_P(SendBatchTest, EverySocketGetsItsOwnBuffersInOrder) {
  realtime::SendBatch batch;
  if (GetParam() && !batch.uses_io_uring()) GTEST_SKIP() << "io_uring is not available here";
  if (!GetParam()) {
    EXPECT_FALSE(batch.uses_io_uring());
  }
  std::vector<SocketPair> pairs(700);  // more than one ring's worth of entries
  std::string head = "frame-one|", tail = "frame-two";
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    iovec buffers[] = {view(head), view(tail)};
    EXPECT_EQ(batch.add(pairs[i].ours, buffers), i);
  }
  batch.submit();
  ASSERT_EQ(batch.size(), pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    EXPECT_EQ(batch.result(i), static_cast<long>(head.size() + tail.size()));
    EXPECT_EQ(pairs[i].drain(), head + tail);
  }
  batch.clear();
  EXPECT_EQ(batch.size(), 0u);
}

TEST_P(SendBatchTest, AFullSocketNeverBlocksAndReportsWhatItTook) {
  realtime::SendBatch batch;
  SocketPair full, fine;
  std::string big(1 << 20, 'x'), small = "hello";
  iovec big_buffer[] = {view(big)};
  iovec small_buffer[] = {view(small)};
  batch.add(full.ours, big_buffer);
  batch.add(fine.ours, small_buffer);
  batch.submit();
  long took = batch.result(0);
  EXPECT_TRUE(took == -EAGAIN || (took > 0 && took < static_cast<long>(big.size()))) << took;
  EXPECT_EQ(batch.result(1), static_cast<long>(small.size()));
  batch.clear();
  // Still full: a second send takes nothing and says so.
  batch.add(full.ours, big_buffer);
  batch.submit();
  EXPECT_EQ(batch.result(0), -EAGAIN);
  EXPECT_EQ(fine.drain(), small);
}

TEST_P(SendBatchTest, AClosedPeerIsAnErrorNotASignal) {
  realtime::SendBatch batch;
  SocketPair gone;
  ::close(gone.theirs);
  gone.theirs = -1;
  std::string frame = "anyone there?";
  iovec buffers[] = {view(frame)};
  batch.add(gone.ours, buffers);
  batch.submit();  // SIGPIPE would end the test process here
  EXPECT_EQ(batch.result(0), -EPIPE);
}

}  // namespace

// Who a chat socket belongs to, where it listens, and the limits it lives under.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "model/model.hpp"

namespace ws {

enum class Protocol {
  original,  // /{serverId}/{channelId}: the original djchat frames; errors dropped silently
  parley,    // /ws/{serverId}/{channelId}: nonce echo, error frames, typing, resume
  gateway,   // /ws/gateway: every channel of the user's servers, and the user's own events
};

struct SessionInfo {
  Protocol protocol = Protocol::parley;
  model::Id user_id = 0;
  std::int64_t session_id = 0;
  std::string username;
  model::Id server_id = 0;
  model::Id channel_id = 0;
  bool is_member = false;                 // as of the handshake
  std::uint64_t permissions = 0;          // channel sockets: the bits there, as of the handshake
  std::int64_t timeout_until = 0;         // channel sockets: chat::timeout_until, as of then
  std::optional<model::Id> resume_after;  // Parley protocol: replay messages newer than this
  std::optional<model::Id> resume_after_seq;  // Parley protocol: replay events after this seq
};

struct SessionLimits {
  std::size_t max_frame_bytes = 64 * 1024;
  std::size_t queue_messages = 1024;  // outbound frames waiting (beyond the one in flight)
  std::size_t queue_bytes = 4 << 20;  // their bytes
  // The kernel's send buffer per socket (SO_SNDBUF; Linux doubles it for its bookkeeping).
  // Left to autotuning, a peer that stops reading holds up to tcp_wmem's maximum (4 MiB) in
  // the kernel before our queue limit even starts to count: 1,000 such peers held 1.4 GB
  // (bench/flood.sh). Bounded, the queue limit decides soon and memory is known. Chat frames
  // are small; large writes (a ready frame, a replay) continue as the peer reads.
  int socket_send_buffer = 64 * 1024;
  std::chrono::milliseconds membership_ttl{1000};  // a "member" answer is trusted this long
  // "Not a member" is re-checked on every denial (a join takes effect at once); one check at
  // a time per socket, since reading waits for it.
  std::chrono::milliseconds non_member_ttl{0};
  // --max-upload-bytes, announced in the gateway's ready frame so that clients refuse a file
  // that is too big before sending any of it (SPEC §12).
  std::uint64_t max_upload_bytes = 25ull * 1024 * 1024;
};

}  // namespace ws

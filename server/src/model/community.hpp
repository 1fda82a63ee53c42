// Categories, servers (communities) and their channels.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/ids.hpp"

namespace model {

struct Category {
  Id id = 0;
  std::string name;  // stored lower-case
  std::optional<std::string> description;
  std::optional<std::string> icon;  // media path relative to the media root
};

struct Channel {
  Id id = 0;
  Id server_id = 0;
  Id owner_id = 0;
  std::string name;
  std::string topic;
  int position = 0;
  Id last_message_id = 0;  // the newest message not deleted (0: none)
  Id last_seq = 0;         // the newest event's seq (0: none yet)
};

struct Server {
  Id id = 0;
  std::string name;
  std::optional<std::string> description;
  Id owner_id = 0;
  Id category_id = 0;
  std::string category_name;
  std::optional<std::string> icon;
  std::optional<std::string> banner;
  std::vector<Channel> channels;  // in display order
  std::optional<std::int64_t> num_members;
  // "visibility": "private" (SPEC §10): only members see it; others join through an invite.
  bool is_private = false;
};

// What a member's gateway knows of a server (SPEC §6 ready frame).
struct MemberServer {
  Id id = 0;
  std::string name;
  std::optional<std::string> icon;
  Id owner_id = 0;
  std::vector<Channel> channels;  // display order, with last_message_id and last_seq
};

}  // namespace model

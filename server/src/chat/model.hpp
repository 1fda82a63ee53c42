// The plain data Parley is made of, shared by every layer (no behaviour here).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chat {

using Id = std::int64_t;
using Micros = std::int64_t;  // microseconds since the Unix epoch, UTC

struct Account {
  Id id = 0;
  std::string username;
  std::string password_hash;
  bool is_staff = false;
  bool is_active = true;
  Micros date_joined = 0;
};

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
};

struct NewMessage {
  Id channel_id = 0;
  Id sender_id = 0;
  std::string content;
};

struct Message {
  Id id = 0;
  Id channel_id = 0;
  Id sender_id = 0;
  std::string sender;  // the sender's username
  std::string content;
  Micros timestamp = 0;
};

}  // namespace chat

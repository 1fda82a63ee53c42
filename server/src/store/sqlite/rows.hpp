// Reading rows that several queries share into model structs.
#pragma once
#include "model/model.hpp"
#include "store/sqlite/connection.hpp"

namespace store::sqlite {

// The server columns every server query selects first, in this order.
constexpr const char* kServerColumns =
    "s.id, s.name, s.description, s.owner_id, s.category_id, c.name, s.icon, s.banner, "
    "s.visibility";

// Reads the kServerColumns of the current row.
inline model::Server read_server_row(const Statement& row) {
  model::Server server;
  server.id = row.int64(0);
  server.name = row.text(1);
  server.description = row.optional_text(2);
  server.owner_id = row.int64(3);
  server.category_id = row.int64(4);
  server.category_name = row.text(5);
  server.icon = row.optional_text(6);
  server.banner = row.optional_text(7);
  server.is_private = row.text(8) == "private";
  return server;
}

// The channel columns every channel query selects, in this order (prefix them as needed).
constexpr const char* kChannelColumns =
    "id, server_id, owner_id, name, topic, position, last_message_id, last_seq";

// Reads kChannelColumns starting at column `first` of the current row.
inline model::Channel read_channel_row(const Statement& row, int first = 0) {
  model::Channel channel;
  channel.id = row.int64(first);
  channel.server_id = row.int64(first + 1);
  channel.owner_id = row.int64(first + 2);
  channel.name = row.text(first + 3);
  channel.topic = row.text(first + 4);
  channel.position = static_cast<int>(row.int64(first + 5));
  channel.last_message_id = row.int64(first + 6);
  channel.last_seq = row.int64(first + 7);
  return channel;
}

}  // namespace store::sqlite

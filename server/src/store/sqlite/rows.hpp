// Reading rows that several queries share into model structs.
#pragma once
#include "chat/model.hpp"
#include "store/sqlite/connection.hpp"

namespace store::sqlite {

// The server columns every server query selects first, in this order.
constexpr const char* kServerColumns =
    "s.id, s.name, s.description, s.owner_id, s.category_id, c.name, s.icon, s.banner";

// Reads the kServerColumns of the current row.
inline chat::Server read_server_row(const Statement& row) {
  chat::Server server;
  server.id = row.int64(0);
  server.name = row.text(1);
  server.description = row.optional_text(2);
  server.owner_id = row.int64(3);
  server.category_id = row.int64(4);
  server.category_name = row.text(5);
  server.icon = row.optional_text(6);
  server.banner = row.optional_text(7);
  return server;
}

}  // namespace store::sqlite

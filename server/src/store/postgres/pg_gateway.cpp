// GatewayStore on PostgreSQL: what a gateway's ready frame shows of the user's servers.
#include <unordered_map>

#include "store/postgres/postgres_store.hpp"
#include "store/postgres/rows.hpp"

namespace store::postgres {

std::vector<model::MemberServer> PostgresStore::member_servers(Id account_id) {
  auto& db = connection();
  std::vector<model::MemberServer> servers;
  std::unordered_map<Id, std::size_t> index;
  {
    auto stmt = db.prepare(
        "SELECT s.id, s.name, s.icon, s.owner_id FROM memberships mb "
        "JOIN servers s ON s.id = mb.server_id WHERE mb.account_id = $1 ORDER BY s.id");
    stmt.bind(1, account_id);
    while (stmt.step()) {
      index.emplace(stmt.int64(0), servers.size());
      servers.push_back({stmt.int64(0), stmt.text(1), stmt.optional_text(2), stmt.int64(3), {}});
    }
  }
  auto stmt = db.prepare(
      "SELECT c.id, c.server_id, c.owner_id, c.name, c.topic, c.position, c.last_message_id, "
      "c.last_seq FROM memberships mb JOIN channels c ON c.server_id = mb.server_id "
      "WHERE mb.account_id = $1 ORDER BY c.server_id, c.position, c.id");
  stmt.bind(1, account_id);
  while (stmt.step()) {
    auto channel = read_channel_row(stmt);
    auto it = index.find(channel.server_id);
    if (it != index.end()) servers[it->second].channels.push_back(std::move(channel));
  }
  return servers;
}

std::optional<model::MemberServer> PostgresStore::member_server(Id server_id) {
  auto& db = connection();
  model::MemberServer server;
  {
    auto stmt = db.prepare("SELECT id, name, icon, owner_id FROM servers WHERE id = $1");
    stmt.bind(1, server_id);
    if (!stmt.step()) return std::nullopt;
    server = {stmt.int64(0), stmt.text(1), stmt.optional_text(2), stmt.int64(3), {}};
  }
  auto stmt = db.prepare("SELECT " + std::string(kChannelColumns) +
                         " FROM channels WHERE server_id = $1 ORDER BY position, id");
  stmt.bind(1, server_id);
  while (stmt.step()) server.channels.push_back(read_channel_row(stmt));
  return server;
}

}  // namespace store::postgres

// The server list (GET /api/server/select/) on SQLite: two statements whatever the number of
// servers, one for the servers (with member counts) and one for all of their channels.
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <unordered_map>

#include "chat/username.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace store::sqlite {
namespace {

constexpr int kMaxServers = 100;

// Numbered parameters keep their meaning in every variant: ?1 category, ?2 member,
// ?3 server id, ?4 limit, ?5 viewer. Each variant is prepared once per connection.
std::string server_list_sql(const ServerFilter& filter) {
  std::string sql = std::string("SELECT ") + kServerColumns;
  sql += filter.with_num_members ? ", (SELECT COUNT(*) FROM memberships m WHERE m.server_id = s.id)"
                                 : ", NULL";
  sql += " FROM servers s JOIN categories c ON c.id = s.category_id WHERE 1";
  if (filter.category) sql += " AND c.name = ?1";
  if (filter.member_id) {
    sql += " AND s.id IN (SELECT server_id FROM memberships WHERE account_id = ?2)";
  }
  if (filter.server_id) sql += " AND s.id = ?3";
  if (filter.visible_to) {
    sql +=
        " AND (s.visibility = 'public' OR s.id IN "
        "(SELECT server_id FROM memberships WHERE account_id = ?5))";
  }
  sql += " ORDER BY s.id LIMIT ?4";
  return sql;
}

}  // namespace

std::vector<model::Server> SqliteStore::list_servers(const ServerFilter& filter) {
  auto& db = connection();
  std::vector<model::Server> servers;
  {
    auto stmt = db.prepare(server_list_sql(filter));
    if (filter.category) stmt.bind(1, chat::fold_case(*filter.category));
    if (filter.member_id) stmt.bind(2, *filter.member_id);
    if (filter.server_id) stmt.bind(3, *filter.server_id);
    stmt.bind(4, std::clamp(filter.limit, 0, kMaxServers));
    if (filter.visible_to) stmt.bind(5, *filter.visible_to);
    while (stmt.step()) {
      model::Server server = read_server_row(stmt);
      if (filter.with_num_members) server.num_members = stmt.int64(9);
      servers.push_back(std::move(server));
    }
  }
  if (servers.empty()) return servers;

  boost::json::array ids;
  std::unordered_map<Id, std::size_t> index;
  for (std::size_t i = 0; i < servers.size(); ++i) {
    ids.push_back(servers[i].id);
    index.emplace(servers[i].id, i);
  }
  auto ids_text = boost::json::serialize(ids);
  auto stmt = db.prepare(
      "SELECT " + std::string(kChannelColumns) +
      " FROM channels "
      "WHERE server_id IN (SELECT value FROM json_each(?)) ORDER BY server_id, position, id");
  stmt.bind(1, ids_text);
  while (stmt.step()) {
    model::Channel channel = read_channel_row(stmt);
    auto it = index.find(channel.server_id);
    if (it != index.end()) servers[it->second].channels.push_back(std::move(channel));
  }
  return servers;
}

std::optional<model::Server> SqliteStore::find_server(Id server_id) {
  ServerFilter filter;
  filter.server_id = server_id;
  filter.with_num_members = true;
  filter.limit = 1;
  auto servers = list_servers(filter);
  if (servers.empty()) return std::nullopt;
  return std::move(servers.front());
}

}  // namespace store::sqlite

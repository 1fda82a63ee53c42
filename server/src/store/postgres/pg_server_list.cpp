// The server list (GET /api/server/select/) on PostgreSQL: two statements whatever the
// number of servers, one for the servers (with member counts) and one for all of their
// channels.
#include <algorithm>
#include <unordered_map>

#include "chat/username.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/rows.hpp"

namespace store::postgres {
namespace {

constexpr int kMaxServers = 100;

// PostgreSQL numbers a statement's parameters without gaps, so each variant numbers the
// filters it has in this order: category, member, server id, viewer, then the limit. Each variant
// is prepared once per connection.
std::string server_list_sql(const ServerFilter& filter) {
  int next = 1;
  auto param = [&next] {
    std::string placeholder = std::to_string(next++);
    placeholder.insert(placeholder.begin(), '$');
    return placeholder;
  };
  std::string sql = std::string("SELECT ") + kServerColumns;
  sql += filter.with_num_members ? ", (SELECT COUNT(*) FROM memberships m WHERE m.server_id = s.id)"
                                 : ", NULL";
  sql += " FROM servers s JOIN categories c ON c.id = s.category_id WHERE true";
  if (filter.category) sql += " AND c.name = " + param();
  if (filter.member_id) {
    sql += " AND s.id IN (SELECT server_id FROM memberships WHERE account_id = " + param() + ")";
  }
  if (filter.server_id) sql += " AND s.id = " + param();
  if (filter.visible_to) {
    sql += " AND (s.visibility = 'public' OR s.id IN (SELECT server_id FROM memberships WHERE " +
           std::string("account_id = ") + param() + "))";
  }
  sql += " ORDER BY s.id LIMIT " + param();
  return sql;
}

}  // namespace

std::vector<model::Server> PostgresStore::list_servers(const ServerFilter& filter) {
  auto& db = connection();
  std::vector<model::Server> servers;
  {
    auto stmt = db.prepare(server_list_sql(filter));
    int next = 1;
    if (filter.category) stmt.bind(next++, chat::fold_case(*filter.category));
    if (filter.member_id) stmt.bind(next++, *filter.member_id);
    if (filter.server_id) stmt.bind(next++, *filter.server_id);
    if (filter.visible_to) stmt.bind(next++, *filter.visible_to);
    stmt.bind(next, std::clamp(filter.limit, 0, kMaxServers));
    while (stmt.step()) {
      model::Server server = read_server_row(stmt);
      if (filter.with_num_members) server.num_members = stmt.int64(9);
      servers.push_back(std::move(server));
    }
  }
  if (servers.empty()) return servers;

  std::vector<Id> ids;
  std::unordered_map<Id, std::size_t> index;
  for (std::size_t i = 0; i < servers.size(); ++i) {
    ids.push_back(servers[i].id);
    index.emplace(servers[i].id, i);
  }
  auto stmt = db.prepare("SELECT " + std::string(kChannelColumns) +
                         " FROM channels WHERE server_id = ANY($1::bigint[]) "
                         "ORDER BY server_id, position, id");
  stmt.bind(1, id_array(ids));
  while (stmt.step()) {
    model::Channel channel = read_channel_row(stmt);
    auto it = index.find(channel.server_id);
    if (it != index.end()) servers[it->second].channels.push_back(std::move(channel));
  }
  return servers;
}

std::optional<model::Server> PostgresStore::find_server(Id server_id) {
  ServerFilter filter;
  filter.server_id = server_id;
  filter.with_num_members = true;
  filter.limit = 1;
  auto servers = list_servers(filter);
  if (servers.empty()) return std::nullopt;
  return std::move(servers.front());
}

}  // namespace store::postgres

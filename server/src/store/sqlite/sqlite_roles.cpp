// RoleStore on SQLite: the shared statements of store/role_queries.hpp.
#include "store/role_queries.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace store::sqlite {

namespace {
using Queries = RoleQueries<Connection, WriteScope, true>;
}  // namespace

ServerPermissionRows SqliteStore::server_permission_rows(Id server_id) {
  return Queries(connection()).server_permission_rows(server_id);
}
std::vector<Role> SqliteStore::roles(Id server_id) {
  return Queries(connection()).roles(server_id);
}
Role SqliteStore::create_role(Id server_id, const RoleFields& fields) {
  return Queries(connection()).create_role(server_id, fields);
}
std::optional<Role> SqliteStore::update_role(Id server_id, Id role_id, const RoleFields& fields) {
  return Queries(connection()).update_role(server_id, role_id, fields);
}
bool SqliteStore::delete_role(Id server_id, Id role_id) {
  return Queries(connection()).delete_role(server_id, role_id);
}
void SqliteStore::set_role_order(Id server_id, const std::vector<Id>& order) {
  Queries(connection()).set_role_order(server_id, order);
}
bool SqliteStore::add_member_role(Id server_id, Id user_id, Id role_id) {
  return Queries(connection()).add_member_role(server_id, user_id, role_id);
}
bool SqliteStore::remove_member_role(Id server_id, Id user_id, Id role_id) {
  return Queries(connection()).remove_member_role(server_id, user_id, role_id);
}
std::vector<Id> SqliteStore::member_role_ids(Id server_id, Id user_id) {
  return Queries(connection()).member_role_ids(server_id, user_id);
}
std::vector<Overwrite> SqliteStore::channel_overwrites(Id channel_id) {
  return Queries(connection()).channel_overwrites(channel_id);
}
void SqliteStore::put_overwrite(const Overwrite& overwrite) {
  Queries(connection()).put_overwrite(overwrite);
}
bool SqliteStore::delete_overwrite(Id channel_id, Id target_id) {
  return Queries(connection()).delete_overwrite(channel_id, target_id);
}

bool SqliteStore::ban(Id server_id, Id user_id, const std::optional<std::string>& reason) {
  return Queries(connection()).ban(server_id, user_id, reason);
}
bool SqliteStore::unban(Id server_id, Id user_id) {
  return Queries(connection()).unban(server_id, user_id);
}
bool SqliteStore::is_banned(Id server_id, Id user_id) {
  return Queries(connection()).is_banned(server_id, user_id);
}
std::vector<Ban> SqliteStore::bans(Id server_id) {
  return Queries(connection()).bans(server_id);
}

}  // namespace store::sqlite

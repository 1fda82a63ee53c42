// Roles, member roles and channel permission overwrites (SPEC §10). The @everyone role is
// the server itself (id = server id, bits in servers.everyone_permissions); other roles have
// positions 1..n, higher ranks higher. Writes validate nothing about who may make them: the
// API checks the guard rails, the store keeps the rows consistent.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/ids.hpp"

namespace store {

struct Role {
  model::Id id = 0;
  model::Id server_id = 0;
  std::string name;
  std::int64_t color = 0;
  int position = 0;  // 0: @everyone
  std::uint64_t permissions = 0;
  bool hoist = false;
  bool mentionable = false;
};

struct RoleFields {
  std::optional<std::string> name;
  std::optional<std::int64_t> color;
  std::optional<std::uint64_t> permissions;
  std::optional<bool> hoist;
  std::optional<bool> mentionable;
};

struct Overwrite {
  model::Id channel_id = 0;
  model::Id target_id = 0;  // a role id (or the server id: @everyone) or a user id
  bool member = false;      // "type": "member" (else "role")
  std::uint64_t allow = 0;
  std::uint64_t deny = 0;
};

// Everything the permission function needs about one server, read in a fixed number of
// statements (found false: no such server).
struct ServerPermissionRows {
  bool found = false;
  model::Id server_id = 0;
  model::Id owner_id = 0;
  std::uint64_t everyone = 0;
  std::vector<Role> roles;
  std::vector<std::pair<model::Id, model::Id>> member_roles;  // (user, role)
  std::vector<Overwrite> overwrites;                          // of every channel of the server
  std::vector<model::Id> banned;
  std::vector<std::pair<model::Id, std::int64_t>> timeouts;  // (user, until), maybe expired
  bool is_private = false;
};

struct Ban {
  model::Id user_id = 0;
  std::string username;
  std::optional<std::string> reason;
};

class RoleStore {
 public:
  virtual ~RoleStore() = default;
  virtual ServerPermissionRows server_permission_rows(model::Id server_id) = 0;
  // @everyone first, then by position.
  virtual std::vector<Role> roles(model::Id server_id) = 0;
  // At position 1 (just above @everyone); the others move up one.
  virtual Role create_role(model::Id server_id, const RoleFields& fields) = 0;
  // Role id = server id edits @everyone (only its permissions). nullopt: no such role there.
  virtual std::optional<Role> update_role(model::Id server_id, model::Id role_id,
                                          const RoleFields& fields) = 0;
  // Also removes it from members and overwrites; the roles above close the gap.
  virtual bool delete_role(model::Id server_id, model::Id role_id) = 0;
  // Sets every role's position at once (ids in order of position 1..n; the caller checked
  // that they are exactly the server's roles).
  virtual void set_role_order(model::Id server_id, const std::vector<model::Id>& order) = 0;
  // false: already held / not held.
  virtual bool add_member_role(model::Id server_id, model::Id user_id, model::Id role_id) = 0;
  virtual bool remove_member_role(model::Id server_id, model::Id user_id, model::Id role_id) = 0;
  virtual std::vector<model::Id> member_role_ids(model::Id server_id, model::Id user_id) = 0;
  virtual std::vector<Overwrite> channel_overwrites(model::Id channel_id) = 0;
  virtual void put_overwrite(const Overwrite& overwrite) = 0;
  virtual bool delete_overwrite(model::Id channel_id, model::Id target_id) = 0;
  // Records the ban (replacing an earlier reason) and ends the membership, atomically; true
  // when the user was a member.
  virtual bool ban(model::Id server_id, model::Id user_id,
                   const std::optional<std::string>& reason) = 0;
  virtual bool unban(model::Id server_id, model::Id user_id) = 0;
  virtual bool is_banned(model::Id server_id, model::Id user_id) = 0;
  virtual std::vector<Ban> bans(model::Id server_id) = 0;  // ascending user id
};

}  // namespace store

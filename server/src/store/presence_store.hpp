// What presence and the member list (SPEC §11) keep in the database: the status each user
// chose, who belongs to which server, and the member list in pages.
#pragma once
#include <vector>

#include "model/ids.hpp"
#include "model/presence.hpp"

namespace store {

class MemberListStore {
 public:
  virtual ~MemberListStore() = default;
  // The status the account chose (online when it never chose one).
  virtual model::PresenceStatus chosen_status(model::Id account_id) = 0;
  // status is one a user may choose (not offline).
  virtual void set_chosen_status(model::Id account_id, model::PresenceStatus status) = 0;
  // The servers the account is a member of, ascending.
  virtual std::vector<model::Id> server_ids_of(model::Id account_id) = 0;
  virtual bool server_exists(model::Id server_id) = 0;
  // The server's members with an account id above `after`, ascending, at most limit: one
  // range read of the memberships primary key (server_id, account_id).
  virtual std::vector<model::Member> members_page(model::Id server_id, model::Id after,
                                                  int limit) = 0;
};

}  // namespace store

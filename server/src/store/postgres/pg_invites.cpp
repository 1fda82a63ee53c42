// InviteStore on Postgres: the shared statements of store/invite_queries.hpp.
#include "store/invite_queries.hpp"
#include "store/postgres/postgres_store.hpp"

namespace store::postgres {

namespace {
using Queries = InviteQueries<Connection, WriteScope, false>;
}  // namespace

InviteCreation PostgresStore::create_invite(const NewInvite& invite) {
  return Queries(connection()).create_invite(invite);
}
std::optional<model::Invite> PostgresStore::usable_invite(std::string_view code,
                                                          model::Micros now) {
  return Queries(connection()).usable_invite(code, now);
}
std::vector<model::Invite> PostgresStore::server_invites(Id server_id, std::optional<Id> inviter_id,
                                                         model::Micros now) {
  return Queries(connection()).server_invites(server_id, inviter_id, now);
}
RevokeResult PostgresStore::revoke_invite(const InviteRevocation& revocation) {
  return Queries(connection()).revoke_invite(revocation);
}
RedeemResult PostgresStore::redeem_invite(std::string_view code, Id account_id, model::Micros now) {
  return Queries(connection()).redeem_invite(code, account_id, now);
}

}  // namespace store::postgres

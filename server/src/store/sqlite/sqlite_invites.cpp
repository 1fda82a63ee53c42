// InviteStore on Sqlite: the shared statements of store/invite_queries.hpp.
#include "store/invite_queries.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace store::sqlite {

namespace {
using Queries = InviteQueries<Connection, WriteScope, true>;
}  // namespace

InviteCreation SqliteStore::create_invite(const NewInvite& invite) {
  return Queries(connection()).create_invite(invite);
}
std::optional<model::Invite> SqliteStore::usable_invite(std::string_view code, model::Micros now) {
  return Queries(connection()).usable_invite(code, now);
}
std::vector<model::Invite> SqliteStore::server_invites(Id server_id, std::optional<Id> inviter_id,
                                                       model::Micros now) {
  return Queries(connection()).server_invites(server_id, inviter_id, now);
}
RevokeResult SqliteStore::revoke_invite(const InviteRevocation& revocation) {
  return Queries(connection()).revoke_invite(revocation);
}
RedeemResult SqliteStore::redeem_invite(std::string_view code, Id account_id, model::Micros now) {
  return Queries(connection()).redeem_invite(code, account_id, now);
}

}  // namespace store::sqlite

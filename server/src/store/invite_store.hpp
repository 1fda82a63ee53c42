// Server invites (SPEC §10). Creating and revoking are one call each, taking a plain struct, and
// run in one transaction, so that whatever else must be written with them (an audit-log entry)
// joins that transaction. Redeeming counts the use and adds the membership atomically: racing
// joins never exceed max_uses.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/ids.hpp"
#include "model/invite.hpp"

namespace store {

// A server holds at most this many usable invites (Discord's limit); listing returns them all.
constexpr int kMaxInvitesPerServer = 1000;

struct NewInvite {
  std::string code;
  model::Id server_id = 0;
  model::Id inviter_id = 0;
  std::int64_t max_uses = 0;                // 0: unlimited
  std::optional<model::Micros> expires_at;  // nullopt: never
  model::Micros now = 0;                    // created_at; also what "expired" is measured against
};

enum class InviteCreation { created, code_taken, too_many };

struct InviteRevocation {
  model::Id server_id = 0;
  std::string code;
  model::Id actor_id = 0;    // who revokes
  bool any_inviter = false;  // a MANAGE_GUILD holder: anyone's invite; otherwise only their own
};

enum class RevokeStatus { revoked, not_found, forbidden };

struct RevokeResult {
  RevokeStatus status = RevokeStatus::not_found;
  std::optional<model::Invite> invite;  // as it was (revoked, forbidden)
};

enum class Redemption {
  joined,     // uses counted and membership added, together
  not_found,  // unknown, revoked, expired or used up
  banned,     // the account is banned from the invite's server (nothing counted)
  already,    // already a member (nothing counted)
};

struct RedeemResult {
  Redemption status = Redemption::not_found;
  model::Id server_id = 0;  // the invite's server, unless not_found
};

class InviteStore {
 public:
  virtual ~InviteStore() = default;
  // Drops the server's expired and used-up invites, then stores this one, in one transaction;
  // too_many when the server already has kMaxInvitesPerServer usable invites.
  virtual InviteCreation create_invite(const NewInvite& invite) = 0;
  // A usable invite (not expired, not used up at `now`); nullopt otherwise.
  virtual std::optional<model::Invite> usable_invite(std::string_view code, model::Micros now) = 0;
  // The server's usable invites (all, or only those inviter_id created), newest first.
  virtual std::vector<model::Invite> server_invites(model::Id server_id,
                                                    std::optional<model::Id> inviter_id,
                                                    model::Micros now) = 0;
  // Deletes the server's invite of that code, unless the actor may not (forbidden).
  virtual RevokeResult revoke_invite(const InviteRevocation& revocation) = 0;
  virtual RedeemResult redeem_invite(std::string_view code, model::Id account_id,
                                     model::Micros now) = 0;
};

}  // namespace store

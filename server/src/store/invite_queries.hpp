// The InviteStore statements, written once for both backends like store/role_queries.hpp:
// portable SQL with PostgreSQL's $n placeholders (turned into SQLite's ?n). Each backend
// instantiates InviteQueries with its Connection and WriteScope (sqlite_invites.cpp,
// pg_invites.cpp).
#pragma once
#include <string>
#include <string_view>

#include "store/invite_store.hpp"
#include "store/portable_sql.hpp"

namespace store {

template <class Connection, class WriteScope, bool kQuestionMarks>
class InviteQueries : PortableSql<Connection, kQuestionMarks> {
  using Sql = PortableSql<Connection, kQuestionMarks>;
  using Sql::db_;
  using Sql::prepare;
  using Sql::run_counting;

 public:
  explicit InviteQueries(Connection& db) : Sql(db) {}

  InviteCreation create_invite(const NewInvite& invite) {
    WriteScope scope(db_);
    // Dead invites are only history: dropping them here keeps the table bounded by the live
    // ones without a janitor.
    prepare("DELETE FROM invites WHERE server_id = $1 AND NOT (" + usable("$2") + ")")
        .bind(1, invite.server_id)
        .bind(2, invite.now)
        .run();
    std::int64_t live = 0;
    {
      auto count = prepare("SELECT COUNT(*) FROM invites WHERE server_id = $1");
      count.bind(1, invite.server_id);
      while (count.step()) live = count.int64(0);
    }
    if (live >= kMaxInvitesPerServer) return InviteCreation::too_many;
    auto insert = prepare(
        "INSERT INTO invites (code, server_id, inviter_id, uses, max_uses, expires_at, "
        "created_at) VALUES ($1, $2, $3, 0, $4, $5, $6) ON CONFLICT (code) DO NOTHING");
    insert.bind(1, invite.code)
        .bind(2, invite.server_id)
        .bind(3, invite.inviter_id)
        .bind(4, invite.max_uses);
    if (invite.expires_at) {
      insert.bind(5, *invite.expires_at);
    } else {
      insert.bind_null(5);
    }
    insert.bind(6, invite.now);
    if (run_counting(insert) == 0) return InviteCreation::code_taken;
    scope.commit();
    return InviteCreation::created;
  }

  std::optional<model::Invite> usable_invite(std::string_view code, model::Micros now) {
    auto stmt = prepare(std::string(kSelect) + " WHERE code = $1 AND " + usable("$2"));
    stmt.bind(1, code).bind(2, now);
    std::optional<model::Invite> found;
    while (stmt.step()) found = invite_of(stmt);
    return found;
  }

  std::vector<model::Invite> server_invites(model::Id server_id,
                                            std::optional<model::Id> inviter_id,
                                            model::Micros now) {
    std::string sql = std::string(kSelect) + " WHERE server_id = $1 AND " + usable("$2");
    if (inviter_id) sql += " AND inviter_id = $3";
    sql += " ORDER BY created_at DESC, code LIMIT " + std::to_string(kMaxInvitesPerServer);
    auto stmt = prepare(sql);
    stmt.bind(1, server_id).bind(2, now);
    if (inviter_id) stmt.bind(3, *inviter_id);
    std::vector<model::Invite> all;
    while (stmt.step()) all.push_back(invite_of(stmt));
    return all;
  }

  RevokeResult revoke_invite(const InviteRevocation& revocation) {
    WriteScope scope(db_);
    RevokeResult result;
    {
      auto stmt = prepare(std::string(kSelect) + " WHERE code = $1 AND server_id = $2");
      stmt.bind(1, revocation.code).bind(2, revocation.server_id);
      while (stmt.step()) result.invite = invite_of(stmt);
    }
    if (!result.invite) return result;
    if (!revocation.any_inviter && result.invite->inviter_id != revocation.actor_id) {
      result.status = RevokeStatus::forbidden;
      return result;
    }
    prepare("DELETE FROM invites WHERE code = $1").bind(1, revocation.code).run();
    scope.commit();
    result.status = RevokeStatus::revoked;
    return result;
  }

  RedeemResult redeem_invite(std::string_view code, model::Id account_id, model::Micros now) {
    WriteScope scope(db_);
    RedeemResult result;
    {
      auto stmt = prepare("SELECT server_id FROM invites WHERE code = $1 AND " + usable("$2"));
      stmt.bind(1, code).bind(2, now);
      while (stmt.step()) result.server_id = stmt.int64(0);
    }
    if (result.server_id == 0) return result;
    if (exists("SELECT 1 FROM bans WHERE server_id = $1 AND account_id = $2", result.server_id,
               account_id)) {
      result.status = Redemption::banned;
      return result;
    }
    if (exists("SELECT 1 FROM memberships WHERE server_id = $1 AND account_id = $2",
               result.server_id, account_id)) {
      result.status = Redemption::already;
      return result;
    }
    // The use is counted by this one statement, whose condition is re-checked on the row as
    // it is when the statement runs (SQLite: the only writer; PostgreSQL: after any racing
    // update of the row commits), so no more joins than max_uses ever get through.
    auto count = prepare("UPDATE invites SET uses = uses + 1 WHERE code = $1 AND " + usable("$2"));
    count.bind(1, code).bind(2, now);
    if (run_counting(count) == 0) {
      result.status = Redemption::not_found;  // used up (or revoked) just now
      return result;
    }
    auto join = prepare(
        "INSERT INTO memberships (server_id, account_id, joined_at) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING");
    join.bind(1, result.server_id).bind(2, account_id).bind(3, now);
    if (run_counting(join) == 0) {
      result.status = Redemption::already;  // joined meanwhile: the use is rolled back
      return result;
    }
    scope.commit();
    result.status = Redemption::joined;
    return result;
  }

 private:
  static constexpr const char* kSelect =
      "SELECT code, server_id, inviter_id, uses, max_uses, expires_at, created_at FROM invites";

  // Not expired at `now` and not used up.
  static std::string usable(std::string_view now) {
    return "(expires_at IS NULL OR expires_at > " + std::string(now) +
           ") AND (max_uses = 0 OR uses < max_uses)";
  }

  template <class Statement>
  static model::Invite invite_of(Statement& stmt) {
    model::Invite invite;
    invite.code = stmt.text(0);
    invite.server_id = stmt.int64(1);
    if (!stmt.is_null(2)) invite.inviter_id = stmt.int64(2);
    invite.uses = stmt.int64(3);
    invite.max_uses = stmt.int64(4);
    if (!stmt.is_null(5)) invite.expires_at = stmt.int64(5);
    invite.created_at = stmt.int64(6);
    return invite;
  }

  bool exists(std::string_view sql, model::Id server_id, model::Id account_id) {
    auto stmt = prepare(sql);
    stmt.bind(1, server_id).bind(2, account_id);
    bool found = false;
    while (stmt.step()) found = true;
    return found;
  }
};

}  // namespace store

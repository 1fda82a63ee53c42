// The PostgreSQL backend of store::Store (selected by --database postgresql://...). Store
// calls run on the database pool's threads, never on I/O threads: each thread that calls it
// gets its own libpq connection, opened on first use and reopened after the server restarts.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/store.hpp"

namespace store::postgres {

class PostgresStore : public Store {
 public:
  // Connects (a libpq URI or connection string), applying migrations. Throws on failure.
  explicit PostgresStore(std::string conninfo);
  ~PostgresStore() override;

  int migrations_applied() const { return migrations_applied_; }

  // AccountStore (pg_accounts.cpp)
  std::optional<Id> create_account(const NewAccount& account) override;
  std::optional<model::Account> find_account(Id id) override;
  std::optional<model::Account> find_account_by_name(std::string_view username) override;
  void set_password_hash(Id account_id, std::string_view hash) override;
  void set_staff(Id account_id, bool is_staff) override;
  // (pg_sessions.cpp)
  Id create_session(Id account_id, std::string_view refresh_jti, model::Micros created_at,
                    model::Micros expires_at) override;
  std::optional<LoginSession> find_session(Id session_id) override;
  bool rotate_session(Id session_id, std::string_view current_jti, std::string_view new_jti,
                      model::Micros now, model::Micros expires_at) override;
  bool revoke_session(Id session_id, model::Micros now) override;
  std::vector<Id> sessions_revoked_since(model::Micros since) override;
  int delete_sessions_expired_before(model::Micros before) override;

  // CommunityStore (pg_communities.cpp)
  std::optional<Id> create_category(std::string_view name,
                                    std::optional<std::string> description) override;
  std::vector<model::Category> list_categories() override;
  std::optional<model::Category> find_category_by_name(std::string_view name) override;
  Id create_server(const NewServer& server) override;
  std::optional<model::Server> find_server_by_name(std::string_view name) override;
  Id create_channel(const NewChannel& channel) override;
  std::optional<model::Channel> find_channel(Id channel_id) override;
  std::optional<model::Channel> find_channel_by_name(Id server_id, std::string_view name) override;
  bool add_member(Id server_id, Id account_id) override;
  bool is_member(Id server_id, Id account_id) override;

  // Communities API (pg_community_admin.cpp, pg_server_list.cpp)
  std::optional<model::Category> find_category(Id category_id) override;
  CategoryChange update_category(Id category_id, std::optional<std::string> name,
                                 std::optional<std::optional<std::string>> description) override;
  CategoryChange delete_category(Id category_id) override;
  ImageSwap replace_category_icon(Id category_id, std::optional<std::string> path) override;
  std::vector<model::Server> list_servers(const ServerFilter& filter) override;
  std::optional<model::Server> find_server(Id server_id) override;
  bool update_server(Id server_id, const ServerPatch& patch) override;
  bool delete_server(Id server_id) override;
  ImageSwap replace_server_image(Id server_id, ImageSlot slot,
                                 std::optional<std::string> path) override;
  bool update_channel(Id channel_id, const ChannelPatch& patch) override;
  bool delete_channel(Id channel_id) override;
  bool remove_member(Id server_id, Id account_id) override;

  // MessageStore (pg_messages.cpp, pg_channel_ops.cpp, pg_event_log.cpp)
  std::vector<OpResult> apply_channel_ops(const std::vector<ChannelOp>& batch) override;
  std::vector<model::Message> append_messages(const std::vector<model::NewMessage>& batch) override;
  std::vector<model::Message> messages_page(const MessagePage& page) override;
  std::optional<model::Message> find_message(Id channel_id, Id message_id, Id reader_id) override;
  bool message_exists(Id channel_id, Id sender_id, std::string_view content) override;
  std::vector<model::Event> events_after(Id channel_id, Id after_seq, int limit) override;
  EventWindow event_window(Id channel_id) override;
  std::int64_t trim_events(model::Micros before, std::int64_t keep_last) override;
  std::vector<Reactor> reactors(Id channel_id, Id message_id, std::string_view emoji, Id after,
                                int limit) override;
  ChannelAccess channel_access(Id channel_id, Id reader_id) override;

  // GatewayStore (pg_gateway.cpp)
  std::vector<model::MemberServer> member_servers(Id account_id) override;
  std::optional<model::MemberServer> member_server(Id server_id) override;

  // DirectMessageStore (pg_direct_messages.cpp)
  OpenedDm open_direct_channel(Id caller, Id other) override;
  model::DirectChannel create_group(Id owner, const std::vector<Id>& others,
                                    std::optional<std::string> name) override;
  std::optional<model::DirectChannel> find_direct_channel(Id channel_id) override;
  std::vector<model::DirectChannel> direct_channels(Id user_id) override;
  bool rename_group(Id channel_id, std::optional<std::string> name) override;
  bool add_recipient(Id channel_id, Id user_id) override;
  bool remove_recipient(Id channel_id, Id user_id) override;
  std::vector<DmReach> dm_reach(Id from, const std::vector<Id>& targets) override;
  model::DmPolicy dm_policy(Id user_id) override;
  void set_dm_policy(Id user_id, model::DmPolicy policy) override;
  bool block_user(Id blocker, Id blocked) override;
  bool unblock_user(Id blocker, Id blocked) override;
  std::vector<model::UserRef> blocked_users(model::Id blocker, int limit) override;
  std::vector<model::UserRef> search_users(Id caller, std::string_view key_prefix,
                                           int limit) override;
  // MemberListStore (pg_member_list.cpp)
  model::PresenceStatus chosen_status(Id account_id) override;
  void set_chosen_status(Id account_id, model::PresenceStatus status) override;
  std::vector<Id> server_ids_of(Id account_id) override;
  bool server_exists(Id server_id) override;
  std::vector<model::Member> members_page(Id server_id, Id after, int limit) override;
  // ReadStateStore (pg_read_states.cpp)
  AckResult ack(Id user_id, Id channel_id, Id message_id, bool manual) override;
  void ack_batch(const std::function<void()>& work) override;
  std::vector<model::ReadState> read_states(Id user_id) override;

  // AttachmentStore (pg_attachments.cpp)
  Id create_attachment(const NewAttachment& attachment) override;
  std::optional<model::Attachment> find_attachment(Id attachment_id) override;
  std::vector<model::Attachment> reapable_attachments(model::Micros unused_before,
                                                      int limit) override;
  std::vector<Id> delete_reapable_attachments(const std::vector<Id>& attachment_ids,
                                              model::Micros unused_before) override;
  // RoleStore (pg_roles.cpp, through store/role_queries.hpp)
  ServerPermissionRows server_permission_rows(Id server_id) override;
  std::vector<Role> roles(Id server_id) override;
  Role create_role(Id server_id, const RoleFields& fields) override;
  std::optional<Role> update_role(Id server_id, Id role_id, const RoleFields& fields) override;
  bool delete_role(Id server_id, Id role_id) override;
  void set_role_order(Id server_id, const std::vector<Id>& order) override;
  bool add_member_role(Id server_id, Id user_id, Id role_id) override;
  bool remove_member_role(Id server_id, Id user_id, Id role_id) override;
  std::vector<Id> member_role_ids(Id server_id, Id user_id) override;
  std::vector<Overwrite> channel_overwrites(Id channel_id) override;
  void put_overwrite(const Overwrite& overwrite) override;
  bool delete_overwrite(Id channel_id, Id target_id) override;
  bool ban(Id server_id, Id user_id, const std::optional<std::string>& reason) override;
  bool unban(Id server_id, Id user_id) override;
  bool is_banned(Id server_id, Id user_id) override;
  std::vector<Ban> bans(Id server_id) override;
  // InviteStore (pg_invites.cpp, through store/invite_queries.hpp)
  InviteCreation create_invite(const NewInvite& invite) override;
  std::optional<model::Invite> usable_invite(std::string_view code, model::Micros now) override;
  std::vector<model::Invite> server_invites(Id server_id, std::optional<Id> inviter_id,
                                            model::Micros now) override;
  RevokeResult revoke_invite(const InviteRevocation& revocation) override;
  RedeemResult redeem_invite(std::string_view code, Id account_id, model::Micros now) override;

  // ModerationStore (pg_moderation.cpp, through store/moderation_queries.hpp)
  bool set_timeout(Id server_id, Id user_id, std::optional<std::int64_t> until,
                   std::int64_t now) override;
  std::optional<std::int64_t> timeout_until(Id server_id, Id user_id, std::int64_t now) override;
  Id record_audit(const AuditEntry& entry) override;
  std::vector<AuditEntry> audit_log(Id server_id, std::optional<Id> before, int limit) override;
  std::vector<AuthoredMessage> messages_since(Id server_id, Id author_id, std::int64_t since,
                                              int limit) override;

  // SearchStore (pg_search.cpp)
  SearchResult search_messages(const SearchQuery& query) override;
  int index_pending_messages(int limit) override;
  std::int64_t messages_waiting_for_index() override;

  void transaction(const std::function<void()>& work) override;
  bool ping() override;
  std::uint64_t statements_run() const override;

 private:
  Connection& connection() const;

  std::string conninfo_;
  std::uint64_t serial_;  // tells this store's thread-local connections from another's
  int migrations_applied_ = 0;
  // The search backfill has nothing left (pg_search.cpp): no more queries for it.
  std::atomic<bool> backfill_done_{false};
  mutable std::mutex connections_mutex_;
  mutable std::vector<std::unique_ptr<Connection>> connections_;
};

}  // namespace store::postgres

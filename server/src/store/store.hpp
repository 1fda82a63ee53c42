// The storage interface: plain operations returning plain structs. SQL lives only below
// store/; every backend passes the conformance suite in server/tests/store/.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"
#include "store/attachment_store.hpp"
#include "store/direct_message_store.hpp"
#include "store/invite_store.hpp"
#include "store/moderation_store.hpp"
#include "store/presence_store.hpp"
#include "store/read_state_store.hpp"
#include "store/role_store.hpp"
#include "store/search_store.hpp"

namespace store {

using model::Id;

struct NewAccount {
  std::string username;
  std::string password_hash;
  bool is_staff = false;
};

// A login: the "sid" of its tokens. Its refresh token rotates; the one before stays valid
// for a short grace window (two tabs refreshing at once).
struct LoginSession {
  Id id = 0;
  Id account_id = 0;
  model::Micros created_at = 0;
  model::Micros expires_at = 0;
  std::string refresh_jti;
  std::optional<std::string> previous_jti;
  std::optional<model::Micros> rotated_at;
  std::optional<model::Micros> revoked_at;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // nullopt when the username is taken (compared case-insensitively).
  virtual std::optional<Id> create_account(const NewAccount& account) = 0;
  virtual std::optional<model::Account> find_account(Id id) = 0;
  virtual std::optional<model::Account> find_account_by_name(std::string_view username) = 0;
  virtual void set_password_hash(Id account_id, std::string_view hash) = 0;
  virtual void set_staff(Id account_id, bool is_staff) = 0;

  // Login sessions (sqlite_sessions.cpp).
  virtual Id create_session(Id account_id, std::string_view refresh_jti, model::Micros created_at,
                            model::Micros expires_at) = 0;
  virtual std::optional<LoginSession> find_session(Id session_id) = 0;
  // Compare-and-swap: replaces current_jti by new_jti (keeping current_jti as previous_jti)
  // only if current_jti is still the session's refresh token and it is not revoked.
  virtual bool rotate_session(Id session_id, std::string_view current_jti, std::string_view new_jti,
                              model::Micros now, model::Micros expires_at) = 0;
  // true when this call revoked it (false: unknown or already revoked).
  virtual bool revoke_session(Id session_id, model::Micros now) = 0;
  // Ids of sessions revoked at or after `since` (loaded at start into the in-memory set).
  virtual std::vector<Id> sessions_revoked_since(model::Micros since) = 0;
  // Deletes sessions that expired before `before`; returns how many.
  virtual int delete_sessions_expired_before(model::Micros before) = 0;
};

struct NewServer {
  std::string name;
  std::optional<std::string> description;
  Id owner_id = 0;
  Id category_id = 0;
  bool is_private = false;
};

struct NewChannel {
  Id server_id = 0;
  Id owner_id = 0;
  std::string name;
  std::string topic;
};

// GET /api/server/select/: every filter set must hold; servers come ordered by id.
struct ServerFilter {
  std::optional<std::string> category;  // category name, compared case-insensitively
  std::optional<Id> member_id;          // only servers this account is a member of
  std::optional<Id> server_id;          // only this server
  bool with_num_members = false;
  int limit = 100;
  // Set: leaves out the private servers this account is not a member of (0: anonymous, who
  // sees public servers only). The same rule as chat::may_see_server, applied in SQL so that
  // the limit counts only what is shown.
  std::optional<Id> visible_to;
};

// A partial update: unset fields are left alone.
struct ServerPatch {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> description;  // set to null or to a text
  std::optional<Id> category_id;
  std::optional<bool> is_private;
};

struct ChannelPatch {
  std::optional<std::string> name;
  std::optional<std::string> topic;
  std::optional<int> position;  // 0-based place in the server's order (clamped to the end)
};

enum class ImageSlot { icon, banner };

// The result of replacing a stored media path: whether the row exists, and the path it held.
struct ImageSwap {
  bool found = false;
  std::optional<std::string> previous;
};

enum class CategoryChange { ok, not_found, name_taken, in_use };

class CommunityStore {
 public:
  virtual ~CommunityStore() = default;
  // nullopt when a category of that (lower-cased) name exists.
  virtual std::optional<Id> create_category(std::string_view name,
                                            std::optional<std::string> description) = 0;
  virtual std::vector<model::Category> list_categories() = 0;
  virtual std::optional<model::Category> find_category_by_name(std::string_view name) = 0;

  // The owner becomes a member in the same transaction.
  virtual Id create_server(const NewServer& server) = 0;
  virtual std::optional<model::Server> find_server_by_name(std::string_view name) = 0;
  // Appended after the server's last channel.
  virtual Id create_channel(const NewChannel& channel) = 0;
  virtual std::optional<model::Channel> find_channel(Id channel_id) = 0;
  virtual std::optional<model::Channel> find_channel_by_name(Id server_id,
                                                             std::string_view name) = 0;

  // false when already a member.
  virtual bool add_member(Id server_id, Id account_id) = 0;
  virtual bool is_member(Id server_id, Id account_id) = 0;

  // Communities API (issue 4).
  virtual std::optional<model::Category> find_category(Id category_id) = 0;
  // name is lower-cased like create_category's.
  virtual CategoryChange update_category(Id category_id, std::optional<std::string> name,
                                         std::optional<std::optional<std::string>> description) = 0;
  // in_use while servers belong to it.
  virtual CategoryChange delete_category(Id category_id) = 0;
  virtual ImageSwap replace_category_icon(Id category_id, std::optional<std::string> path) = 0;

  // Servers matching the filter with their channels (display order) and, when asked, member
  // counts, in a fixed number of statements whatever the number of servers.
  virtual std::vector<model::Server> list_servers(const ServerFilter& filter) = 0;
  // With channels and num_members.
  virtual std::optional<model::Server> find_server(Id server_id) = 0;
  virtual bool update_server(Id server_id, const ServerPatch& patch) = 0;
  // Removes its channels, their messages and its memberships too. false when absent.
  virtual bool delete_server(Id server_id) = 0;
  virtual ImageSwap replace_server_image(Id server_id, ImageSlot slot,
                                         std::optional<std::string> path) = 0;

  // false when the channel is absent.
  virtual bool update_channel(Id channel_id, const ChannelPatch& patch) = 0;
  // Removes its messages too.
  virtual bool delete_channel(Id channel_id) = 0;

  // false when not a member.
  virtual bool remove_member(Id server_id, Id account_id) = 0;
};

struct MessagePage {
  Id channel_id = 0;
  std::optional<Id> before;  // strictly older than this id
  std::optional<Id> after;   // strictly newer than this id (oldest first)
  std::optional<Id> around;  // centred on this id (about half older, half newer)
  int limit = 50;
  Id reader_id = 0;  // whose reactions count as "me"
};

// One change to a channel, applied by the event writer in commit order (SPEC §6-§7). The
// rules (membership, text, rate, emoji) are checked before it is queued; what can only be
// known at commit time (the message still exists, who wrote it) is checked when applied.
struct ChannelOp {
  enum class Kind { create, edit, remove, react, unreact };
  Kind kind = Kind::create;
  Id channel_id = 0;
  Id actor_id = 0;
  Id message_id = 0;              // edit, remove, react, unreact
  std::string content;            // create, edit
  std::optional<Id> reply_to;     // create
  std::vector<Id> mentions;       // create, edit: distinct candidate ids, in order of appearance
  bool mention_everyone = false;  // create, edit
  bool moderator = false;         // remove: may delete others' messages
  std::string emoji;              // react, unreact
  std::vector<Id> attachments;    // create: the sender's unused uploads of this channel
  // remove: a delete of someone else's message is written to the server's audit log, in the
  // same transaction, with this reason (SPEC §10); false for deletes the log records otherwise
  // (a ban's purge of recent messages is the ban's entry).
  bool audited = false;
  std::optional<std::string> audit_reason;
};

enum class OpStatus {
  applied,             // the change is stored; event holds its entry in the log
  unchanged,           // nothing to do (a repeated reaction, removing one that is not there)
  not_found,           // no such channel, or no such message in it (or deleted)
  forbidden,           // not the author (edit), neither author nor moderator (remove)
  bad_reply,           // reply_to names no message of this channel
  too_many_reactions,  // the message has the maximum of distinct emoji already
  bad_attachments,     // an attachment is not the sender's unused upload of this channel
  failed,              // the store could not take it (nothing stored)
};

struct OpResult {
  OpStatus status = OpStatus::failed;
  std::optional<model::Event> event;      // applied
  std::optional<model::Message> message;  // create and edit: the message as stored
};

// A message's most distinct emoji, and most mentioned accounts (SPEC §7).
constexpr int kMaxDistinctReactions = 20;
constexpr int kMaxMentions = 50;

// A channel's log: the newest seq, and the oldest seq a resume may start after.
struct EventWindow {
  bool found = false;
  Id last_seq = 0;
  Id resumable_after = 0;  // after_seq below this: the events are trimmed (resync_required)
};

// Who a reader is in a channel (one query; REST handlers and sockets decide with it). A DM
// (SPEC §9) is found only by its recipients; in a 1:1 where either side blocked the other
// nobody may post.
struct ChannelAccess {
  bool found = false;      // exists, and the reader may see it
  Id server_id = 0;        // 0: a direct message channel
  Id owner_id = 0;         // the server's owner; 0 in a DM, where nobody moderates others
  bool is_member = false;  // may post and react: a server member, or a DM recipient
  bool dm = false;         // a direct message channel (1:1 or group)
  // The reader's effective bits there (chat::resolve_channel_access fills them; the store
  // leaves 0).
  std::uint64_t permissions = 0;
  // Until when the reader may not post or react (chat::timeout_until; 0: not timed out).
  std::int64_t timeout_until = 0;
};

struct Reactor {
  Id id = 0;
  std::string username;
};

class MessageStore {
 public:
  virtual ~MessageStore() = default;
  // Applies the batch in one transaction, each op in order; an op that cannot apply changes
  // nothing and does not stop the others. An exception means nothing of the batch is stored.
  virtual std::vector<OpResult> apply_channel_ops(const std::vector<ChannelOp>& batch) = 0;
  // Makes the deletes committed so far reach every file of the database: until then its
  // journal may still hold a deleted message's old pages (SQLite's WAL). The event writer
  // calls it once for a group of deletes. Engines that keep no such copy do nothing.
  virtual void erase_journal() {}
  // Creates messages (fixture loading): create ops, with events, in one transaction.
  virtual std::vector<model::Message> append_messages(
      const std::vector<model::NewMessage>& batch) = 0;
  // Oldest first; deleted messages are left out.
  virtual std::vector<model::Message> messages_page(const MessagePage& page) = 0;
  virtual std::optional<model::Message> find_message(Id channel_id, Id message_id,
                                                     Id reader_id) = 0;
  virtual bool message_exists(Id channel_id, Id sender_id, std::string_view content) = 0;

  // The event log (SPEC §6): frames of the events after after_seq, oldest first, as the
  // sockets received them (without nonces; a message deleted since shows as deleted).
  virtual std::vector<model::Event> events_after(Id channel_id, Id after_seq, int limit) = 0;
  virtual EventWindow event_window(Id channel_id) = 0;
  // Trims each channel's log to the events newer than `before` or among its newest keep_last:
  // resumes from before that get resync_required, stored events go (message rows stay: they
  // are the history). Returns how many stored events went.
  virtual std::int64_t trim_events(model::Micros before, std::int64_t keep_last) = 0;

  // Ascending user id, after `after`, at most limit.
  virtual std::vector<Reactor> reactors(Id channel_id, Id message_id, std::string_view emoji,
                                        Id after, int limit) = 0;
  virtual ChannelAccess channel_access(Id channel_id, Id reader_id) = 0;
};

class GatewayStore {
 public:
  virtual ~GatewayStore() = default;
  // Every server the account is a member of (by id), with its channels, in a fixed number of
  // statements whatever their number.
  virtual std::vector<model::MemberServer> member_servers(Id account_id) = 0;
  virtual std::optional<model::MemberServer> member_server(Id server_id) = 0;
};

class Store : public AccountStore,
              public CommunityStore,
              public MessageStore,
              public GatewayStore,
              public DirectMessageStore,
              public MemberListStore,
              public ReadStateStore,
              public AttachmentStore,
              public RoleStore,
              public InviteStore,
              public ModerationStore,
              public SearchStore {
 public:
  // Runs work atomically: every store call it makes on this thread commits or rolls back
  // together (the exception, if any, is rethrown after the rollback).
  virtual void transaction(const std::function<void()>& work) = 0;
  // true when the database answers (for /readyz).
  virtual bool ping() = 0;
  // Counts statements executed on this thread (tests prove per-request query bounds).
  virtual std::uint64_t statements_run() const = 0;
};

}  // namespace store

// The storage interface: plain operations returning plain structs. SQL lives only below
// store/; every backend passes the conformance suite in server/tests/store/.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/model.hpp"

namespace store {

using chat::Id;

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
  chat::Micros created_at = 0;
  chat::Micros expires_at = 0;
  std::string refresh_jti;
  std::optional<std::string> previous_jti;
  std::optional<chat::Micros> rotated_at;
  std::optional<chat::Micros> revoked_at;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // nullopt when the username is taken (compared case-insensitively).
  virtual std::optional<Id> create_account(const NewAccount& account) = 0;
  virtual std::optional<chat::Account> find_account(Id id) = 0;
  virtual std::optional<chat::Account> find_account_by_name(std::string_view username) = 0;
  virtual void set_password_hash(Id account_id, std::string_view hash) = 0;
  virtual void set_staff(Id account_id, bool is_staff) = 0;

  // Login sessions (sqlite_sessions.cpp).
  virtual Id create_session(Id account_id, std::string_view refresh_jti, chat::Micros created_at,
                            chat::Micros expires_at) = 0;
  virtual std::optional<LoginSession> find_session(Id session_id) = 0;
  // Compare-and-swap: replaces current_jti by new_jti (keeping current_jti as previous_jti)
  // only if current_jti is still the session's refresh token and it is not revoked.
  virtual bool rotate_session(Id session_id, std::string_view current_jti, std::string_view new_jti,
                              chat::Micros now, chat::Micros expires_at) = 0;
  // true when this call revoked it (false: unknown or already revoked).
  virtual bool revoke_session(Id session_id, chat::Micros now) = 0;
  // Ids of sessions revoked at or after `since` (loaded at start into the in-memory set).
  virtual std::vector<Id> sessions_revoked_since(chat::Micros since) = 0;
  // Deletes sessions that expired before `before`; returns how many.
  virtual int delete_sessions_expired_before(chat::Micros before) = 0;
};

struct NewServer {
  std::string name;
  std::optional<std::string> description;
  Id owner_id = 0;
  Id category_id = 0;
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
};

// A partial update: unset fields are left alone.
struct ServerPatch {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> description;  // set to null or to a text
  std::optional<Id> category_id;
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
  virtual std::vector<chat::Category> list_categories() = 0;
  virtual std::optional<chat::Category> find_category_by_name(std::string_view name) = 0;

  // The owner becomes a member in the same transaction.
  virtual Id create_server(const NewServer& server) = 0;
  virtual std::optional<chat::Server> find_server_by_name(std::string_view name) = 0;
  // Appended after the server's last channel.
  virtual Id create_channel(const NewChannel& channel) = 0;
  virtual std::optional<chat::Channel> find_channel(Id channel_id) = 0;
  virtual std::optional<chat::Channel> find_channel_by_name(Id server_id,
                                                            std::string_view name) = 0;

  // false when already a member.
  virtual bool add_member(Id server_id, Id account_id) = 0;
  virtual bool is_member(Id server_id, Id account_id) = 0;

  // Communities API (issue 4).
  virtual std::optional<chat::Category> find_category(Id category_id) = 0;
  // name is lower-cased like create_category's.
  virtual CategoryChange update_category(Id category_id, std::optional<std::string> name,
                                         std::optional<std::optional<std::string>> description) = 0;
  // in_use while servers belong to it.
  virtual CategoryChange delete_category(Id category_id) = 0;
  virtual ImageSwap replace_category_icon(Id category_id, std::optional<std::string> path) = 0;

  // Servers matching the filter with their channels (display order) and, when asked, member
  // counts, in a fixed number of statements whatever the number of servers.
  virtual std::vector<chat::Server> list_servers(const ServerFilter& filter) = 0;
  // With channels and num_members.
  virtual std::optional<chat::Server> find_server(Id server_id) = 0;
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
  int limit = 50;
};

class MessageStore {
 public:
  virtual ~MessageStore() = default;
  // Stores the batch in one transaction; returns the stored messages (ids, timestamps and
  // sender names filled in) in the same order. Ids increase in batch order.
  virtual std::vector<chat::Message> append_messages(
      const std::vector<chat::NewMessage>& batch) = 0;
  // Oldest first.
  virtual std::vector<chat::Message> messages_page(const MessagePage& page) = 0;
  virtual bool message_exists(Id channel_id, Id sender_id, std::string_view content) = 0;
};

class Store : public AccountStore, public CommunityStore, public MessageStore {
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

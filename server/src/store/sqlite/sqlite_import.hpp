// Bulk writes of an import into a Parley SQLite database: its own connection, one
// transaction for everything (rolled back unless commit() is reached), prepared statements
// reused row after row, and the original ids kept (so links, `after=` resumes and history
// order carry over). Used by `parley import-djchat`.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/sqlite/connection.hpp"

namespace store::sqlite {

class ImportTarget {
 public:
  // What a target file holds before anything touches it (read-only look).
  struct Existing {
    bool exists = false;
    bool is_sqlite = false;
    int user_version = 0;  // Parley's schema version; 0 for a file Parley never migrated
    int tables = 0;
  };
  static Existing inspect(const std::string& path);

  // Opens (creating if needed) and migrates the database. Throws Error on failure.
  explicit ImportTarget(const std::string& path);

  struct Contents {
    std::int64_t accounts = 0, categories = 0, servers = 0, channels = 0, messages = 0;
    bool empty() const { return accounts + categories + servers + channels + messages == 0; }
  };
  Contents contents();
  // An account with exactly this id, case-folded name and join date is there.
  bool has_account(std::int64_t id, std::string_view username_key, std::int64_t date_joined);

  void begin();   // BEGIN IMMEDIATE
  void commit();  // otherwise the destructor rolls back
  // After the messages: what the channels keep about them (last_message_id). The imported
  // messages carry no event seq, as messages from before the event log (migration 2) do: a
  // channel's log starts with its next change.
  void finish_channels();

  void add_account(std::int64_t id, std::string_view username, std::string_view username_key,
                   std::string_view password_hash, bool is_staff, bool is_active,
                   std::int64_t date_joined);
  void add_category(std::int64_t id, std::string_view name,
                    const std::optional<std::string>& description,
                    const std::optional<std::string>& icon);
  void add_server(std::int64_t id, std::string_view name,
                  const std::optional<std::string>& description, std::int64_t owner_id,
                  std::int64_t category_id, const std::optional<std::string>& icon,
                  const std::optional<std::string>& banner, std::int64_t created_at);
  void add_member(std::int64_t server_id, std::int64_t account_id, std::int64_t joined_at);
  void add_channel(std::int64_t id, std::int64_t server_id, std::int64_t owner_id,
                   std::string_view name, std::string_view topic, int position);
  void add_message(std::int64_t id, std::int64_t channel_id, std::int64_t sender_id,
                   std::string_view content, std::int64_t created_at);

 private:
  Connection connection_;
  std::optional<WriteScope> scope_;
};

}  // namespace store::sqlite

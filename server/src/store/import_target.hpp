// Bulk writes of an import into an empty Parley database, whichever the backend: one
// transaction for everything (rolled back unless commit() is reached), the original ids kept
// (so links, `after=` resumes and history order carry over). Used by `parley import-djchat`;
// store/sqlite/sqlite_import.hpp and store/postgres/pg_import.hpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace store {

class ImportTarget {
 public:
  virtual ~ImportTarget() = default;

  struct Contents {
    std::int64_t accounts = 0, categories = 0, servers = 0, channels = 0, messages = 0;
    bool empty() const { return accounts + categories + servers + channels + messages == 0; }
  };
  virtual Contents contents() = 0;
  // An account with exactly this id, case-folded name and join date is there.
  virtual bool has_account(std::int64_t id, std::string_view username_key,
                           std::int64_t date_joined) = 0;

  virtual void begin() = 0;
  virtual void commit() = 0;  // otherwise the destructor rolls back
  // After the messages: what the channels keep about them (last_message_id), and whatever
  // the backend needs so that ids handed out later follow the imported ones. The imported
  // messages carry no event seq, as messages from before the event log (migration 2) do: a
  // channel's log starts with its next change.
  virtual void finish_channels() = 0;

  virtual void add_account(std::int64_t id, std::string_view username,
                           std::string_view username_key, std::string_view password_hash,
                           bool is_staff, bool is_active, std::int64_t date_joined) = 0;
  virtual void add_category(std::int64_t id, std::string_view name,
                            const std::optional<std::string>& description,
                            const std::optional<std::string>& icon) = 0;
  virtual void add_server(std::int64_t id, std::string_view name,
                          const std::optional<std::string>& description, std::int64_t owner_id,
                          std::int64_t category_id, const std::optional<std::string>& icon,
                          const std::optional<std::string>& banner, std::int64_t created_at) = 0;
  virtual void add_member(std::int64_t server_id, std::int64_t account_id,
                          std::int64_t joined_at) = 0;
  virtual void add_channel(std::int64_t id, std::int64_t server_id, std::int64_t owner_id,
                           std::string_view name, std::string_view topic, int position) = 0;
  virtual void add_message(std::int64_t id, std::int64_t channel_id, std::int64_t sender_id,
                           std::string_view content, std::int64_t created_at) = 0;
};

}  // namespace store

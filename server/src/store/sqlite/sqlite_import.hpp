// The SQLite store::ImportTarget: its own connection, prepared statements reused row after
// row, a bigger page cache for the bulk insert.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/import_target.hpp"
#include "store/sqlite/connection.hpp"

namespace store::sqlite {

class SqliteImportTarget final : public store::ImportTarget {
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
  explicit SqliteImportTarget(const std::string& path);

  Contents contents() override;
  bool has_account(std::int64_t id, std::string_view username_key,
                   std::int64_t date_joined) override;
  void begin() override;  // BEGIN IMMEDIATE
  void commit() override;
  void finish_channels() override;
  void add_account(std::int64_t id, std::string_view username, std::string_view username_key,
                   std::string_view password_hash, bool is_staff, bool is_active,
                   std::int64_t date_joined) override;
  void add_category(std::int64_t id, std::string_view name,
                    const std::optional<std::string>& description,
                    const std::optional<std::string>& icon) override;
  void add_server(std::int64_t id, std::string_view name,
                  const std::optional<std::string>& description, std::int64_t owner_id,
                  std::int64_t category_id, const std::optional<std::string>& icon,
                  const std::optional<std::string>& banner, std::int64_t created_at) override;
  void add_member(std::int64_t server_id, std::int64_t account_id, std::int64_t joined_at) override;
  void add_channel(std::int64_t id, std::int64_t server_id, std::int64_t owner_id,
                   std::string_view name, std::string_view topic, int position) override;
  void add_message(std::int64_t id, std::int64_t channel_id, std::int64_t sender_id,
                   std::string_view content, std::int64_t created_at) override;

 private:
  Connection connection_;
  std::optional<WriteScope> scope_;
};

}  // namespace store::sqlite

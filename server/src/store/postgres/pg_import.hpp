// The PostgreSQL store::ImportTarget: its own connection, one transaction, messages sent in
// multi-row INSERTs (one round trip per batch instead of per row), and the identity sequences
// moved past the imported ids at the end so that new rows never collide with them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/import_target.hpp"
#include "store/postgres/connection.hpp"

namespace store::postgres {

class PgImportTarget final : public store::ImportTarget {
 public:
  // Connects (libpq URI) and migrates the database. Throws Error or Unavailable on failure.
  explicit PgImportTarget(const std::string& conninfo);

  Contents contents() override;
  bool has_account(std::int64_t id, std::string_view username_key,
                   std::int64_t date_joined) override;
  void begin() override;
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
  struct PendingMessage {
    std::int64_t id, channel_id, sender_id, created_at;
    std::string content;
  };
  void flush_messages();

  Connection connection_;
  std::optional<WriteScope> scope_;
  std::vector<PendingMessage> pending_;
};

}  // namespace store::postgres

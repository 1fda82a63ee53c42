// Reads an original djchat database (Django's SQLite file: account_account, server_category,
// server_server, server_server_member, server_channel, webchat_conversation, webchat_message)
// read-only, after checking that it is one: a SQLite file, not corrupt, with the Django
// migrations and the columns this reader knows. Rows come back as stored (timestamps as
// Django's text), for app/djchat_import to judge.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace store::sqlite {

// The source is not something we can import (not SQLite, corrupt, not djchat, unknown schema).
class SourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DjAccount {
  std::int64_t id = 0;
  std::string username;
  std::string password;  // Django's "algorithm$..." hash, or "!..." for an unusable password
  bool is_staff = false;
  bool is_superuser = false;
  bool is_active = true;
  std::optional<std::string> date_joined;
};

struct DjCategory {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> icon;  // relative to MEDIA_ROOT; empty string means none
};

struct DjServer {
  std::int64_t id = 0;
  std::string name;
  std::int64_t owner_id = 0;
  std::int64_t category_id = 0;
  std::optional<std::string> description;
  std::optional<std::string> icon;
  std::optional<std::string> banner;
};

struct DjMember {
  std::int64_t server_id = 0;
  std::int64_t account_id = 0;
};

struct DjChannel {
  std::int64_t id = 0;
  std::string name;
  std::int64_t owner_id = 0;
  std::string topic;
  std::int64_t server_id = 0;
};

// webchat_conversation.channel_id is a free string in djchat (no foreign key).
struct DjConversation {
  std::int64_t id = 0;
  std::string channel_id;
};

struct DjMessage {
  std::int64_t id = 0;
  std::int64_t conversation_id = 0;
  std::int64_t sender_id = 0;
  std::string content;
  std::optional<std::string> timestamp;
};

struct SourceCheck {
  bool ignore_unknown_migrations = false;
};

class DjchatSource {
 public:
  // Opens read-only and checks; throws SourceError saying what is wrong.
  DjchatSource(const std::string& path, const SourceCheck& check);
  DjchatSource(const DjchatSource&) = delete;
  DjchatSource& operator=(const DjchatSource&) = delete;
  ~DjchatSource();

  // Applied migrations of djchat's apps, "app.name", in the order Django applied them.
  const std::vector<std::string>& migrations() const { return migrations_; }

  std::vector<DjAccount> accounts();
  std::vector<DjCategory> categories();
  std::vector<DjServer> servers();
  std::vector<DjMember> members();
  std::vector<DjChannel> channels();
  std::vector<DjConversation> conversations();
  std::int64_t message_count();
  // Every message in id order (the order djchat's history shows), streamed.
  void for_each_message(const std::function<void(const DjMessage&)>& visit);

 private:
  void check_integrity();
  void check_tables();
  void check_migrations(const SourceCheck& check);

  sqlite3* db_ = nullptr;
  std::string path_;
  std::vector<std::string> migrations_;
};

}  // namespace store::sqlite

// ModerationStore on SQLite: the shared statements of store/moderation_queries.hpp.
#include "store/moderation_queries.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace store::sqlite {

namespace {
using Queries = ModerationQueries<Connection, WriteScope, true>;
}  // namespace

bool SqliteStore::set_timeout(Id server_id, Id user_id, std::optional<std::int64_t> until,
                              std::int64_t now) {
  return Queries(connection()).set_timeout(server_id, user_id, until, now);
}
std::optional<std::int64_t> SqliteStore::timeout_until(Id server_id, Id user_id, std::int64_t now) {
  return Queries(connection()).timeout_until(server_id, user_id, now);
}
Id SqliteStore::record_audit(const AuditEntry& entry) {
  return Queries(connection()).record_audit(entry);
}
std::vector<AuditEntry> SqliteStore::audit_log(Id server_id, std::optional<Id> before, int limit) {
  return Queries(connection()).audit_log(server_id, before, limit);
}
std::vector<AuthoredMessage> SqliteStore::messages_since(Id server_id, Id author_id,
                                                         std::int64_t since, int limit) {
  return Queries(connection()).messages_since(server_id, author_id, since, limit);
}

}  // namespace store::sqlite

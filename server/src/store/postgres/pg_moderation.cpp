// ModerationStore on PostgreSQL: the shared statements of store/moderation_queries.hpp.
#include "store/moderation_queries.hpp"
#include "store/postgres/postgres_store.hpp"

namespace store::postgres {

namespace {
using Queries = ModerationQueries<Connection, WriteScope, false>;
}  // namespace

bool PostgresStore::set_timeout(Id server_id, Id user_id, std::optional<std::int64_t> until,
                                std::int64_t now) {
  return Queries(connection()).set_timeout(server_id, user_id, until, now);
}
std::optional<std::int64_t> PostgresStore::timeout_until(Id server_id, Id user_id,
                                                         std::int64_t now) {
  return Queries(connection()).timeout_until(server_id, user_id, now);
}
Id PostgresStore::record_audit(const AuditEntry& entry) {
  return Queries(connection()).record_audit(entry);
}
std::vector<AuditEntry> PostgresStore::audit_log(Id server_id, std::optional<Id> before,
                                                 int limit) {
  return Queries(connection()).audit_log(server_id, before, limit);
}
std::vector<AuthoredMessage> PostgresStore::messages_since(Id server_id, Id author_id,
                                                           std::int64_t since, int limit) {
  return Queries(connection()).messages_since(server_id, author_id, since, limit);
}

}  // namespace store::postgres

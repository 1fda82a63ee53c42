#include "store/postgres/postgres_store.hpp"

#include <unordered_map>

#include "store/postgres/migrations.hpp"

namespace store::postgres {
namespace {

std::atomic<std::uint64_t> g_next_serial{1};

}  // namespace

PostgresStore::PostgresStore(std::string conninfo)
    : conninfo_(std::move(conninfo)), serial_(g_next_serial++) {
  migrations_applied_ = migrate(connection());
}

PostgresStore::~PostgresStore() = default;

Connection& PostgresStore::connection() const {
  // Keyed by serial, not address: a later store at the same address must not reuse these.
  thread_local std::unordered_map<std::uint64_t, Connection*> by_store;
  auto it = by_store.find(serial_);
  if (it != by_store.end()) {
    it->second->ensure_connected();
    return *it->second;
  }
  auto owned = std::make_unique<Connection>(conninfo_);
  Connection* raw = owned.get();
  {
    std::lock_guard lock(connections_mutex_);
    connections_.push_back(std::move(owned));
  }
  by_store.emplace(serial_, raw);
  return *raw;
}

void PostgresStore::transaction(const std::function<void()>& work) {
  WriteScope scope(connection());
  work();
  scope.commit();
}

bool PostgresStore::ping() {
  try {
    auto stmt = connection().prepare("SELECT 1");
    return stmt.step() && stmt.int64(0) == 1;
  } catch (const std::exception&) {
    return false;
  }
}

std::uint64_t PostgresStore::statements_run() const {
  return connection().statements_run();
}

}  // namespace store::postgres

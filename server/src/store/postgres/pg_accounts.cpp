// AccountStore on PostgreSQL.
#include "chat/username.hpp"
#include "store/postgres/postgres_store.hpp"
#include "util/time.hpp"

namespace store::postgres {
namespace {

constexpr std::string_view kAccountColumns =
    "id, username, password_hash, is_staff, is_active, date_joined";

model::Account read_account(const Statement& row) {
  model::Account account;
  account.id = row.int64(0);
  account.username = row.text(1);
  account.password_hash = row.text(2);
  account.is_staff = row.boolean(3);
  account.is_active = row.boolean(4);
  account.date_joined = row.int64(5);
  return account;
}

}  // namespace

std::optional<Id> PostgresStore::create_account(const NewAccount& account) {
  // ON CONFLICT rather than catching the violation: an error would abort an enclosing
  // transaction() on PostgreSQL.
  auto stmt = connection().prepare(
      "INSERT INTO accounts (username, username_key, password_hash, is_staff, date_joined) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username_key) DO NOTHING RETURNING id");
  stmt.bind(1, account.username)
      .bind(2, chat::username_key(account.username))
      .bind(3, account.password_hash)
      .bind(4, account.is_staff)
      .bind(5, util::now_micros());
  if (!stmt.step()) return std::nullopt;
  return stmt.int64(0);
}

std::optional<model::Account> PostgresStore::find_account(Id id) {
  auto stmt = connection().prepare(std::string("SELECT ") + std::string(kAccountColumns) +
                                   " FROM accounts WHERE id = $1");
  stmt.bind(1, id);
  if (!stmt.step()) return std::nullopt;
  return read_account(stmt);
}

std::optional<model::Account> PostgresStore::find_account_by_name(std::string_view username) {
  auto stmt = connection().prepare(std::string("SELECT ") + std::string(kAccountColumns) +
                                   " FROM accounts WHERE username_key = $1");
  stmt.bind(1, chat::username_key(username));
  if (!stmt.step()) return std::nullopt;
  return read_account(stmt);
}

void PostgresStore::set_password_hash(Id account_id, std::string_view hash) {
  connection()
      .prepare("UPDATE accounts SET password_hash = $1 WHERE id = $2")
      .bind(1, hash)
      .bind(2, account_id)
      .run();
}

void PostgresStore::set_staff(Id account_id, bool is_staff) {
  connection()
      .prepare("UPDATE accounts SET is_staff = $1 WHERE id = $2")
      .bind(1, is_staff)
      .bind(2, account_id)
      .run();
}

}  // namespace store::postgres

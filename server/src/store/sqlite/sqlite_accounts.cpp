// AccountStore on SQLite.
#include "chat/username.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/time.hpp"

namespace store::sqlite {
namespace {

constexpr std::string_view kAccountColumns =
    "id, username, password_hash, is_staff, is_active, date_joined";

model::Account read_account(const Statement& row) {
  model::Account account;
  account.id = row.int64(0);
  account.username = row.text(1);
  account.password_hash = row.text(2);
  account.is_staff = row.int64(3) != 0;
  account.is_active = row.int64(4) != 0;
  account.date_joined = row.int64(5);
  return account;
}

}  // namespace

std::optional<Id> SqliteStore::create_account(const NewAccount& account) {
  auto& db = connection();
  try {
    db.prepare(
          "INSERT INTO accounts (username, username_key, password_hash, is_staff, date_joined) "
          "VALUES (?, ?, ?, ?, ?)")
        .bind(1, account.username)
        .bind(2, chat::username_key(account.username))
        .bind(3, account.password_hash)
        .bind(4, account.is_staff)
        .bind(5, util::now_micros())
        .run();
  } catch (const Error& e) {
    if (e.is_unique_violation()) return std::nullopt;
    throw;
  }
  return db.last_insert_id();
}

std::optional<model::Account> SqliteStore::find_account(Id id) {
  auto stmt = connection().prepare(std::string("SELECT ") + std::string(kAccountColumns) +
                                   " FROM accounts WHERE id = ?");
  stmt.bind(1, id);
  if (!stmt.step()) return std::nullopt;
  return read_account(stmt);
}

std::optional<model::Account> SqliteStore::find_account_by_name(std::string_view username) {
  auto stmt = connection().prepare(std::string("SELECT ") + std::string(kAccountColumns) +
                                   " FROM accounts WHERE username_key = ?");
  stmt.bind(1, chat::username_key(username));
  if (!stmt.step()) return std::nullopt;
  return read_account(stmt);
}

void SqliteStore::set_password_hash(Id account_id, std::string_view hash) {
  connection()
      .prepare("UPDATE accounts SET password_hash = ? WHERE id = ?")
      .bind(1, hash)
      .bind(2, account_id)
      .run();
}

void SqliteStore::set_staff(Id account_id, bool is_staff) {
  connection()
      .prepare("UPDATE accounts SET is_staff = ? WHERE id = ?")
      .bind(1, is_staff)
      .bind(2, account_id)
      .run();
}

}  // namespace store::sqlite

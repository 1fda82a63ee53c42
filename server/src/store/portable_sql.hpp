// What the statements written once for both backends (role_queries.hpp, invite_queries.hpp,
// moderation_queries.hpp) share: SQL with PostgreSQL's $n placeholders, turned into SQLite's ?n
// when kQuestionMarks; optional values bound as NULL; the count of rows a statement changed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace store {

template <class Connection, bool kQuestionMarks>
class PortableSql {
 protected:
  explicit PortableSql(Connection& db) : db_(db) {}

  auto prepare(std::string_view sql) {
    if constexpr (kQuestionMarks) {
      std::string converted(sql);
      for (auto& c : converted)
        if (c == '$') c = '?';
      return db_.prepare(converted);
    } else {
      return db_.prepare(sql);
    }
  }

  template <class Statement>
  int run_counting(Statement& stmt) {
    stmt.run();
    if constexpr (requires { stmt.changes(); }) {
      return stmt.changes();
    } else {
      return db_.changes();
    }
  }

  template <class Statement, class T>
  static void bind_optional(Statement& stmt, int index, const std::optional<T>& value) {
    if (!value) {
      stmt.bind_null(index);
    } else if constexpr (std::is_same_v<T, std::string>) {
      stmt.bind(index, *value);
    } else {
      stmt.bind(index, static_cast<std::int64_t>(*value));
    }
  }

  Connection& db_;
};

}  // namespace store

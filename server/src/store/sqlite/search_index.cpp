#include "store/sqlite/search_index.hpp"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "chat/search_text.hpp"

namespace store::sqlite {
namespace {

// (term, channel_id, message_id): the primary key of search_postings.
using Posting = std::tuple<std::string, model::Id, model::Id>;

void add_postings(std::vector<Posting>& out, model::Id channel_id, model::Id message_id,
                  const std::string& content) {
  auto tokens = chat::search_tokens(content);
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  for (auto& token : tokens) out.emplace_back(std::move(token), channel_id, message_id);
}

// Rows per INSERT: one statement step stores this many postings (full chunks share one cached
// statement; 3 parameters each, far below SQLite's 32,766).
constexpr std::size_t kPostingsPerInsert = 64;

std::string postings_insert_sql(std::size_t rows) {
  std::string sql =
      "INSERT OR IGNORE INTO search_postings (term, channel_id, message_id) VALUES (?, ?, ?)";
  for (std::size_t row = 1; row < rows; ++row) sql += ", (?, ?, ?)";
  return sql;
}

void insert_postings(Connection& db, const std::vector<Posting>& postings) {
  for (std::size_t start = 0; start < postings.size(); start += kPostingsPerInsert) {
    auto rows = std::min(kPostingsPerInsert, postings.size() - start);
    // A borrowed statement is reset when it goes away (binding a stepped one is SQLITE_MISUSE).
    auto stmt = db.prepare(postings_insert_sql(rows));
    for (std::size_t i = 0; i < rows; ++i) {
      const auto& [term, channel_id, message_id] = postings[start + i];
      auto first = static_cast<int>(3 * i + 1);
      stmt.bind(first, term).bind(first + 1, channel_id).bind(first + 2, message_id);
    }
    stmt.run();
  }
}

}  // namespace

model::Id search_indexed_through(Connection& db) {
  auto stmt = db.prepare("SELECT indexed_through FROM search_index_state WHERE id = 1");
  return stmt.step() ? stmt.int64(0) : 0;
}

void reindex_edited_message(Connection& db, model::Id channel_id, model::Id message_id,
                            const std::string& new_content) {
  if (message_id > search_indexed_through(db)) return;
  unindex_deleted_message(db, message_id);
  std::vector<Posting> postings;
  add_postings(postings, channel_id, message_id, new_content);
  insert_postings(db, postings);
}

void unindex_deleted_message(Connection& db, model::Id message_id) {
  db.prepare("DELETE FROM search_postings WHERE message_id = ?").bind(1, message_id).run();
}

int index_messages_after_mark(Connection& db, int limit) {
  WriteScope scope(db);
  auto mark = search_indexed_through(db);
  std::vector<Posting> postings;
  model::Id last = mark;
  int rows = 0;
  {
    auto stmt = db.prepare(
        "SELECT id, channel_id, content, deleted FROM messages WHERE id > ? ORDER BY id LIMIT ?");
    stmt.bind(1, mark).bind(2, limit);
    while (stmt.step()) {
      last = stmt.int64(0);
      ++rows;
      if (stmt.int64(3) == 0) add_postings(postings, stmt.int64(1), last, stmt.text(2));
    }
  }
  if (rows == 0) return 0;
  std::sort(postings.begin(), postings.end());
  insert_postings(db, postings);
  db.prepare("UPDATE search_index_state SET indexed_through = ? WHERE id = 1").bind(1, last).run();
  scope.commit();
  return rows;
}

}  // namespace store::sqlite

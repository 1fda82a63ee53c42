// SearchStore on SQLite (SPEC §13): the inverted index of migration "search" (search_index.cpp
// keeps it), joined with messages for the channels and filters, newest first.
#include <string>
#include <variant>
#include <vector>

#include "store/sqlite/attachment_rows.hpp"
#include "store/sqlite/message_rows.hpp"
#include "store/sqlite/search_index.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace store::sqlite {
namespace {

// Every text a prefix can continue with sorts below this bound (0xFF never occurs in UTF-8).
std::string prefix_end(const std::string& prefix) {
  return prefix + '\xFF';
}

// The FROM and WHERE of a search, and its parameters in order.
struct SearchSql {
  std::string from_where;
  std::vector<std::variant<Id, std::string>> params;
  std::string order = " ORDER BY m.id DESC";
};

// The candidates: the postings of one word, the longest of the whole ones (longer words are
// rarer, and the page then comes in index order); or, for a single word, every message with a
// term of its prefix. The other words are checked per candidate through (message_id, term).
// CROSS JOIN keeps the postings as the outer loop: without statistics the planner could
// otherwise walk a whole channel's messages and probe each.
void add_terms(const chat::SearchTerms& terms, SearchSql& sql) {
  const auto& tokens = terms.tokens;
  const auto& prefix = tokens.back();
  if (tokens.size() == 1) {
    sql.from_where =
        " FROM (SELECT DISTINCT message_id AS id FROM search_terms WHERE term >= ? AND term < ?) h"
        " CROSS JOIN messages m ON m.id = h.id WHERE m.deleted = 0";
    sql.params.emplace_back(prefix);
    sql.params.emplace_back(prefix_end(prefix));
    return;
  }
  std::size_t driver = 0;
  for (std::size_t i = 1; i + 1 < tokens.size(); ++i) {
    if (tokens[i].size() > tokens[driver].size()) driver = i;
  }
  sql.from_where =
      " FROM search_terms h CROSS JOIN messages m ON m.id = h.message_id WHERE h.term = ?"
      " AND m.deleted = 0";
  sql.params.emplace_back(tokens[driver]);
  sql.order = " ORDER BY h.message_id DESC";
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (i == driver || tokens[i] == tokens[driver]) continue;
    sql.from_where +=
        " AND EXISTS (SELECT 1 FROM search_terms x WHERE x.message_id = m.id AND x.term = ?)";
    sql.params.emplace_back(tokens[i]);
  }
  sql.from_where +=
      " AND EXISTS (SELECT 1 FROM search_terms x WHERE x.message_id = m.id"
      " AND x.term >= ? AND x.term < ?)";
  sql.params.emplace_back(prefix);
  sql.params.emplace_back(prefix_end(prefix));
}

SearchSql search_sql(const SearchQuery& query) {
  SearchSql sql;
  if (query.terms.empty()) {
    sql.from_where = " FROM messages m WHERE m.deleted = 0";
  } else {
    add_terms(query.terms, sql);
  }
  sql.from_where += " AND m.channel_id IN (";
  for (std::size_t i = 0; i < query.channel_ids.size(); ++i) {
    sql.from_where += i ? ",?" : "?";
    sql.params.emplace_back(query.channel_ids[i]);
  }
  sql.from_where += ')';
  auto& ids = sql.params;
  if (query.author_id) {
    sql.from_where += " AND m.sender_id = ?";
    ids.emplace_back(*query.author_id);
  }
  if (query.mentions) {
    sql.from_where +=
        " AND EXISTS (SELECT 1 FROM message_mentions mm WHERE mm.user_id = ? "
        "AND mm.channel_id = m.channel_id AND mm.message_id = m.id)";
    ids.emplace_back(*query.mentions);
  }
  if (query.has_attachment) {
    sql.from_where += " AND EXISTS (SELECT 1 FROM attachments f WHERE f.message_id = m.id)";
  }
  if (query.has_link) {
    sql.from_where += " AND (m.content LIKE '%http://%' OR m.content LIKE '%https://%')";
  }
  if (query.before) {
    sql.from_where += " AND m.id < ?";
    ids.emplace_back(*query.before);
  }
  if (query.after) {
    sql.from_where += " AND m.id > ?";
    ids.emplace_back(*query.after);
  }
  return sql;
}

// Binds the parameters of search_sql from 1; returns the next index.
int bind_search(Statement& stmt, const SearchSql& sql) {
  int index = 1;
  for (const auto& param : sql.params) {
    if (const auto* id = std::get_if<Id>(&param)) {
      stmt.bind(index++, *id);
    } else {
      stmt.bind(index++, std::get<std::string>(param));
    }
  }
  return index;
}

}  // namespace

SearchResult SqliteStore::search_messages(const SearchQuery& query) {
  SearchResult result;
  if (query.channel_ids.empty()) return result;
  auto& db = connection();
  auto sql = search_sql(query);
  {
    auto count = db.prepare("SELECT COUNT(*)" + sql.from_where);
    bind_search(count, sql);
    if (count.step()) result.total = count.int64(0);
  }
  if (result.total <= query.offset) return result;
  std::vector<Id> ids;
  {
    auto page = db.prepare("SELECT m.id" + sql.from_where + sql.order + " LIMIT ? OFFSET ?");
    int next = bind_search(page, sql);
    page.bind(next, query.limit).bind(next + 1, query.offset);
    while (page.step()) ids.push_back(page.int64(0));
  }
  if (ids.empty()) return result;
  std::string in = "(";
  for (std::size_t i = 0; i < ids.size(); ++i) in += i ? ",?" : "?";
  in += ')';
  auto stmt = db.prepare(PARLEY_MESSAGE_SELECT "WHERE m.id IN " + in + " ORDER BY m.id DESC");
  for (std::size_t i = 0; i < ids.size(); ++i) stmt.bind(static_cast<int>(i + 1), ids[i]);
  while (stmt.step()) result.messages.push_back(read_message_row(stmt).message);
  attach_reactions(db, result.messages, query.reader_id);
  attach_files(db, result.messages);
  return result;
}

int SqliteStore::index_pending_messages(int limit) {
  return index_messages_after_mark(connection(), limit);
}

std::int64_t SqliteStore::messages_waiting_for_index() {
  auto& db = connection();
  auto stmt = db.prepare("SELECT COUNT(*) FROM messages WHERE id > ?");
  stmt.bind(1, search_indexed_through(db));
  return stmt.step() ? stmt.int64(0) : 0;
}

}  // namespace store::sqlite

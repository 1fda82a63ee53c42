// SearchStore on SQLite (SPEC §13): the inverted index of migration "search" (search_index.cpp
// keeps it), joined with messages for the channels and filters, newest first.
#include <algorithm>
#include <iterator>
#include <string>
#include <variant>
#include <vector>

#include "store/sqlite/attachment_rows.hpp"
#include "store/sqlite/lock_waits.hpp"
#include "store/sqlite/message_rows.hpp"
#include "store/sqlite/search_index.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace store::sqlite {
namespace {

// What one indexing batch may wait for other writers: bounds what it adds to the batch of
// sends queued behind it on the writer thread.
constexpr auto kIndexerYieldsAtMost = std::chrono::milliseconds(20);

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

// The ids of the messages holding a whole token, ascending (the primary key's order).
std::vector<Id> postings_of(Connection& db, const std::string& term) {
  std::vector<Id> ids;
  auto stmt = db.prepare("SELECT message_id FROM search_terms WHERE term = ?");
  stmt.bind(1, term);
  while (stmt.step()) ids.push_back(stmt.int64(0));
  return ids;
}

// The ids of the messages holding a token that starts with prefix, ascending, each once.
std::vector<Id> postings_with_prefix(Connection& db, const std::string& prefix) {
  std::vector<Id> ids;
  auto stmt = db.prepare("SELECT message_id FROM search_terms WHERE term >= ? AND term < ?");
  stmt.bind(1, prefix).bind(2, prefix_end(prefix));
  while (stmt.step()) ids.push_back(stmt.int64(0));
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// Several words: their postings are read in index order and intersected here, rarest first
// (a merge of sorted lists, where SQLite would probe the other words once per posting of the
// first: two common words cost a seek per message holding either), and the messages table is
// then read only for the messages holding them all, given as one JSON array.
std::string messages_holding_all(Connection& db, const chat::SearchTerms& terms) {
  std::vector<std::vector<Id>> lists;
  for (std::size_t i = 0; i + 1 < terms.tokens.size(); ++i) {
    lists.push_back(postings_of(db, terms.tokens[i]));
  }
  lists.push_back(postings_with_prefix(db, terms.tokens.back()));
  std::sort(lists.begin(), lists.end(),
            [](const auto& a, const auto& b) { return a.size() < b.size(); });
  std::vector<Id> common = std::move(lists.front());
  for (std::size_t i = 1; i < lists.size() && !common.empty(); ++i) {
    std::vector<Id> both;
    std::set_intersection(common.begin(), common.end(), lists[i].begin(), lists[i].end(),
                          std::back_inserter(both));
    common = std::move(both);
  }
  std::string json = "[";
  for (std::size_t i = 0; i < common.size(); ++i) {
    if (i) json += ',';
    json += std::to_string(common[i]);
  }
  json += ']';
  return json;
}

// The candidates: for a single word, every message with a term of its prefix (CROSS JOIN keeps
// the postings as the outer loop: without statistics the planner could otherwise walk a whole
// channel's messages and probe each); for several, the messages holding them all.
void add_terms(Connection& db, const chat::SearchTerms& terms, SearchSql& sql) {
  const auto& prefix = terms.tokens.back();
  if (terms.tokens.size() == 1) {
    sql.from_where =
        " FROM (SELECT DISTINCT message_id AS id FROM search_terms WHERE term >= ? AND term < ?) h"
        " CROSS JOIN messages m ON m.id = h.id WHERE m.deleted = 0";
    sql.params.emplace_back(prefix);
    sql.params.emplace_back(prefix_end(prefix));
    return;
  }
  sql.from_where =
      " FROM messages m WHERE m.id IN (SELECT value FROM json_each(?)) AND m.deleted = 0";
  sql.params.emplace_back(messages_holding_all(db, terms));
}

SearchSql search_sql(Connection& db, const SearchQuery& query) {
  SearchSql sql;
  if (query.terms.empty()) {
    sql.from_where = " FROM messages m WHERE m.deleted = 0";
  } else {
    add_terms(db, query.terms, sql);
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
  auto sql = search_sql(db, query);
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
  // A catch-up is many batches back to back: between them, anyone waiting to write goes first.
  BackgroundWriter background;
  let_waiting_writers_go_first(kIndexerYieldsAtMost);
  return index_messages_after_mark(connection(), limit);
}

std::int64_t SqliteStore::messages_waiting_for_index() {
  auto& db = connection();
  auto stmt = db.prepare("SELECT COUNT(*) FROM messages WHERE id > ?");
  stmt.bind(1, search_indexed_through(db));
  return stmt.step() ? stmt.int64(0) : 0;
}

}  // namespace store::sqlite

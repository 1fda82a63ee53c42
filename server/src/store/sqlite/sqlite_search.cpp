// SearchStore on SQLite (SPEC §13): the words answered by the postings (search_candidates.cpp;
// search_index.cpp keeps them), the other filters by the message rows, newest first.
#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include "store/sqlite/attachment_rows.hpp"
#include "store/sqlite/lock_waits.hpp"
#include "store/sqlite/message_rows.hpp"
#include "store/sqlite/search_candidates.hpp"
#include "store/sqlite/search_index.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace store::sqlite {
namespace {

// What one indexing batch may wait for other writers: bounds what it adds to the batch of
// sends queued behind it on the writer thread.
constexpr auto kIndexerYieldsAtMost = std::chrono::milliseconds(20);

// The WHERE of a search's message filters (every one but the words), with its parameters in
// order: for a search without words, over the channels' messages; with words, over the
// messages holding them.
struct FilterSql {
  std::string where = " WHERE m.deleted = 0";
  std::vector<std::variant<Id, std::string>> params;
};

FilterSql filter_sql(const SearchQuery& query, bool by_channel) {
  FilterSql sql;
  auto& ids = sql.params;
  if (by_channel) {
    sql.where += " AND m.channel_id IN (";
    for (std::size_t i = 0; i < query.channel_ids.size(); ++i) {
      sql.where += i ? ",?" : "?";
      ids.emplace_back(query.channel_ids[i]);
    }
    sql.where += ')';
  }
  if (query.author_id) {
    sql.where += " AND m.sender_id = ?";
    ids.emplace_back(*query.author_id);
  }
  if (query.mentions) {
    sql.where +=
        " AND EXISTS (SELECT 1 FROM message_mentions mm WHERE mm.user_id = ? "
        "AND mm.channel_id = m.channel_id AND mm.message_id = m.id)";
    ids.emplace_back(*query.mentions);
  }
  if (query.has_attachment) {
    sql.where += " AND EXISTS (SELECT 1 FROM attachments f WHERE f.message_id = m.id)";
  }
  if (query.has_link) {
    sql.where += " AND (m.content LIKE '%http://%' OR m.content LIKE '%https://%')";
  }
  if (query.before) {
    sql.where += " AND m.id < ?";
    ids.emplace_back(*query.before);
  }
  if (query.after) {
    sql.where += " AND m.id > ?";
    ids.emplace_back(*query.after);
  }
  return sql;
}

// Whether a filter beyond the id range needs the message rows.
bool reads_messages(const SearchQuery& query) {
  return query.author_id || query.mentions || query.has_attachment || query.has_link;
}

// Binds the parameters of filter_sql from `index`; returns the next index.
int bind_filters(Statement& stmt, const FilterSql& sql, int index = 1) {
  for (const auto& param : sql.params) {
    if (const auto* id = std::get_if<Id>(&param)) {
      stmt.bind(index++, *id);
    } else {
      stmt.bind(index++, std::get<std::string>(param));
    }
  }
  return index;
}

// A search without words: the channels' messages that pass the filters, counted, and the
// page's ids, newest first.
std::vector<Id> page_without_words(Connection& db, const SearchQuery& query, SearchResult& result) {
  auto sql = filter_sql(query, true);
  {
    auto count = db.prepare("SELECT COUNT(*) FROM messages m" + sql.where);
    bind_filters(count, sql);
    if (count.step()) result.total = count.int64(0);
  }
  std::vector<Id> ids;
  if (result.total <= query.offset) return ids;
  auto page = db.prepare("SELECT m.id FROM messages m" + sql.where +
                         " ORDER BY m.id DESC LIMIT ? OFFSET ?");
  int next = bind_filters(page, sql);
  page.bind(next, query.limit).bind(next + 1, query.offset);
  while (page.step()) ids.push_back(page.int64(0));
  return ids;
}

// A search with words: the postings alone give the matches and their count; the message rows
// are read only for filters that need them (author, mentions, files, links).
std::vector<Id> page_with_words(Connection& db, const SearchQuery& query, SearchResult& result) {
  auto matches = messages_holding_terms(db, query.channel_ids, query.terms);
  auto first = query.after ? std::upper_bound(matches.begin(), matches.end(), *query.after)
                           : matches.begin();
  auto last = query.before ? std::lower_bound(first, matches.end(), *query.before) : matches.end();
  std::vector<Id> ids(first, last);
  if (reads_messages(query) && !ids.empty()) {
    auto sql = filter_sql(query, false);
    std::string json = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (i) json += ',';
      json += std::to_string(ids[i]);
    }
    json += ']';
    auto stmt = db.prepare("SELECT m.id FROM messages m" + sql.where +
                           " AND m.id IN (SELECT value FROM json_each(?)) ORDER BY m.id");
    int next = bind_filters(stmt, sql);
    stmt.bind(next, json);
    ids.clear();
    while (stmt.step()) ids.push_back(stmt.int64(0));
  }
  result.total = static_cast<std::int64_t>(ids.size());
  std::vector<Id> page;
  for (auto i = static_cast<std::int64_t>(ids.size()) - 1 - query.offset;
       i >= 0 && static_cast<int>(page.size()) < query.limit; --i) {
    page.push_back(ids[static_cast<std::size_t>(i)]);
  }
  return page;
}

}  // namespace

SearchResult SqliteStore::search_messages(const SearchQuery& query) {
  SearchResult result;
  if (query.channel_ids.empty()) return result;
  auto& db = connection();
  auto ids = query.terms.empty() ? page_without_words(db, query, result)
                                 : page_with_words(db, query, result);
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

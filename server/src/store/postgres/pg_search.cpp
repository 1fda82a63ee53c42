// SearchStore on PostgreSQL (SPEC §13): messages.search_tsv (migration "search"), written with
// each message by pg_channel_ops.cpp, matched with a tsquery built from quoted lexemes (a
// ::tsquery cast takes them as they are: nothing the user typed is parsed as syntax).
#include <algorithm>
#include <string>
#include <vector>

#include "store/postgres/attachment_rows.hpp"
#include "store/postgres/message_rows.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/rows.hpp"

namespace store::postgres {
namespace {

// The FROM and WHERE of a search with its parameters ($1 the channel ids, $2 the tsquery
// when there are terms, then the filters' ids).
struct SearchSql {
  std::string from_where;
  std::string channels;
  std::string tsquery;
  std::vector<Id> ids;
};

SearchSql search_sql(const SearchQuery& query) {
  SearchSql sql;
  sql.channels = id_array(query.channel_ids);
  sql.from_where = " FROM messages m WHERE m.channel_id = ANY($1::bigint[]) AND NOT m.deleted";
  int next = 2;
  auto param = [&] {
    std::string placeholder(1, '$');
    placeholder += std::to_string(next++);
    return placeholder;
  };
  if (!query.terms.empty()) {
    sql.tsquery = chat::tsquery_text(query.terms);
    sql.from_where += " AND m.search_tsv @@ " + param() + "::tsquery";
  }
  if (query.author_id) {
    sql.from_where += " AND m.sender_id = " + param();
    sql.ids.push_back(*query.author_id);
  }
  if (query.mentions) {
    sql.from_where +=
        " AND EXISTS (SELECT 1 FROM message_mentions mm WHERE mm.user_id = " + param() +
        " AND mm.channel_id = m.channel_id AND mm.message_id = m.id)";
    sql.ids.push_back(*query.mentions);
  }
  if (query.has_attachment) {
    sql.from_where += " AND EXISTS (SELECT 1 FROM attachments f WHERE f.message_id = m.id)";
  }
  if (query.has_link) {
    sql.from_where += " AND (m.content ILIKE '%http://%' OR m.content ILIKE '%https://%')";
  }
  if (query.before) {
    sql.from_where += " AND m.id < " + param();
    sql.ids.push_back(*query.before);
  }
  if (query.after) {
    sql.from_where += " AND m.id > " + param();
    sql.ids.push_back(*query.after);
  }
  return sql;
}

int bind_search(Statement& stmt, const SearchSql& sql) {
  int index = 1;
  stmt.bind(index++, sql.channels);
  if (!sql.tsquery.empty()) stmt.bind(index++, sql.tsquery);
  for (Id id : sql.ids) stmt.bind(index++, id);
  return index;
}

}  // namespace

SearchResult PostgresStore::search_messages(const SearchQuery& query) {
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
    int next = static_cast<int>(2 + (sql.tsquery.empty() ? 0 : 1) + sql.ids.size());
    auto page = db.prepare("SELECT m.id" + sql.from_where + " ORDER BY m.id DESC LIMIT $" +
                           std::to_string(next) + " OFFSET $" + std::to_string(next + 1));
    bind_search(page, sql);
    page.bind(next, query.limit).bind(next + 1, query.offset);
    while (page.step()) ids.push_back(page.int64(0));
  }
  if (ids.empty()) return result;
  auto stmt =
      db.prepare(PARLEY_PG_MESSAGE_SELECT "WHERE m.id = ANY($1::bigint[]) ORDER BY m.id DESC");
  stmt.bind(1, id_array(ids));
  while (stmt.step()) result.messages.push_back(read_message_row(stmt).message);
  attach_reactions(db, result.messages, query.reader_id);
  attach_files(db, result.messages);
  return result;
}

// New messages carry their tsvector from the statement that stores them: what waits is only
// what an upgraded database held before the migration, filled here in batches under the
// backfill row's lock (nodes starting together take turns).
int PostgresStore::index_pending_messages(int limit) {
  if (backfill_done_.load()) return 0;
  auto& db = connection();
  WriteScope scope(db);
  Id done = 0;
  Id through = 0;
  {
    auto state =
        db.prepare("SELECT done_through, through FROM search_backfill WHERE id = 1 FOR UPDATE");
    if (state.step()) {
      done = state.int64(0);
      through = state.int64(1);
    }
  }
  if (done >= through) {
    scope.commit();
    backfill_done_.store(true);
    return 0;
  }
  std::vector<Id> ids;
  std::vector<std::optional<std::string>> texts;
  {
    auto rows = db.prepare(
        "SELECT id, content FROM messages WHERE id > $1 AND id <= $2 AND NOT deleted "
        "ORDER BY id LIMIT $3");
    rows.bind(1, done).bind(2, through).bind(3, limit);
    while (rows.step()) {
      ids.push_back(rows.int64(0));
      texts.emplace_back(chat::search_index_text(rows.text(1)));
    }
  }
  Id reached = ids.size() == static_cast<std::size_t>(limit) ? ids.back() : through;
  if (!ids.empty()) {
    db.prepare(
          "UPDATE messages m SET search_tsv = array_to_tsvector(string_to_array(u.x, ' ')) "
          "FROM unnest($1::bigint[], $2::text[]) AS u(id, x) "
          // An edit or delete since the read above has written the row's own value.
          "WHERE m.id = u.id AND m.search_tsv IS NULL AND NOT m.deleted")
        .bind(1, id_array(ids))
        .bind(2, text_array(texts))
        .run();
  }
  db.prepare("UPDATE search_backfill SET done_through = $1 WHERE id = 1").bind(1, reached).run();
  scope.commit();
  return std::max<int>(1, static_cast<int>(ids.size()));
}

std::int64_t PostgresStore::messages_waiting_for_index() {
  auto stmt = connection().prepare(
      "SELECT COUNT(*) FROM messages m, search_backfill b WHERE b.id = 1 "
      "AND m.id > b.done_through AND m.id <= b.through AND NOT m.deleted");
  return stmt.step() ? stmt.int64(0) : 0;
}

}  // namespace store::postgres

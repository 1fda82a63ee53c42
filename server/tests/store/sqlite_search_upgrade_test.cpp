// Migration 11 on a database of migration 10 (postings keyed by term and message only): the old
// rows go, the mark returns to the start, and the indexer rebuilds the postings by channel, after
// which the upgraded database answers as a new one does.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "chat/search_text.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using store::sqlite::Connection;
using store::sqlite::SqliteStore;

// The search objects exactly as migration 9 made them, with rows as its indexer wrote them.
void downgrade_search_to_migration_10(const std::string& path) {
  Connection db(path);
  db.exec(R"sql(
DROP TRIGGER messages_leave_search;
DROP TABLE search_postings;
CREATE TABLE search_terms (
  term        TEXT    NOT NULL,
  message_id  INTEGER NOT NULL,
  PRIMARY KEY (term, message_id)
) WITHOUT ROWID;
CREATE INDEX search_terms_by_message ON search_terms(message_id);
CREATE TRIGGER messages_leave_search AFTER DELETE ON messages BEGIN
  DELETE FROM search_terms WHERE message_id = old.id;
END;
INSERT INTO search_terms SELECT 'upgraded', id FROM messages;
PRAGMA user_version = 10;
)sql");
}

std::vector<store::Id> find(SqliteStore& store, store::Id channel, const std::string& q) {
  store::SearchQuery query;
  query.channel_ids = {channel};
  query.terms = chat::search_terms(q);
  std::vector<store::Id> ids;
  for (const auto& message : store.search_messages(query).messages) ids.push_back(message.id);
  return ids;
}

TEST(SqliteSearchUpgrade, MigrationElevenRebuildsThePostingsByChannel) {
  auto dir = std::filesystem::temp_directory_path() /
             ("parley-search-upgrade-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "parley.sqlite3").string();
  store::Id channel = 0;
  std::vector<store::Id> sent;
  {
    SqliteStore store(path);
    auto owner = *store.create_account({"owner", "x", false});
    auto category = *store.create_category("c", std::nullopt);
    auto server = store.create_server({"S", std::nullopt, owner, category});
    channel = store.create_channel({server, owner, "general", ""});
    for (const char* text : {"before the move", "kept words here", "more kept words"}) {
      model::NewMessage message;
      message.channel_id = channel;
      message.sender_id = owner;
      message.content = text;
      sent.push_back(store.append_messages({message}).front().id);
    }
    while (store.index_pending_messages(1000) > 0) {
    }
  }
  downgrade_search_to_migration_10(path);
  {
    SqliteStore store(path);
    EXPECT_EQ(store.messages_waiting_for_index(), 3);
    EXPECT_EQ(find(store, channel, "upgraded"), std::vector<store::Id>{});
    while (store.index_pending_messages(2) > 0) {
    }
    EXPECT_EQ(store.messages_waiting_for_index(), 0);
    EXPECT_EQ(find(store, channel, "kept words"), (std::vector<store::Id>{sent[2], sent[1]}));
    EXPECT_EQ(find(store, channel, "upgrad"), std::vector<store::Id>{});
    Connection db(path);
    auto version = db.prepare("PRAGMA user_version");
    ASSERT_TRUE(version.step());
    EXPECT_EQ(version.int64(0), 11);
    auto old_table = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'search_terms'");
    ASSERT_TRUE(old_table.step());
    EXPECT_EQ(old_table.int64(0), 0);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace

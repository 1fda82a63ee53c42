// Store conformance for search (SPEC §13): the same answers on every backend, the index kept
// by edits and deletes in their transaction, new messages after index_pending_messages.
#include <fstream>
#include <iterator>

#include "store_fixture.hpp"

namespace {

using store_test::StoreTest;

class StoreSearch : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    owner_ = account("owner");
    auto server = store().create_server({"S", std::nullopt, owner_, category("c")});
    channel_ = store().create_channel({server, owner_, "general", ""});
    other_ = store().create_channel({server, owner_, "other", ""});
  }

  store::Id send(store::Id channel, const std::string& text) {
    return store().append_messages({new_message(channel, owner_, text)}).front().id;
  }

  store::OpStatus change(store::ChannelOp::Kind kind, store::Id message, std::string text = {}) {
    store::ChannelOp op;
    op.kind = kind;
    op.channel_id = channel_;
    op.actor_id = owner_;
    op.message_id = message;
    op.content = std::move(text);
    return store().apply_channel_ops({op}).front().status;
  }

  void index_all() {
    while (store().index_pending_messages(1000) > 0) {
    }
  }

  std::vector<store::Id> find(const std::string& q, std::vector<store::Id> channels = {}) {
    store::SearchQuery query;
    query.channel_ids = channels.empty() ? std::vector<store::Id>{channel_, other_} : channels;
    query.terms = chat::search_terms(q);
    std::vector<store::Id> ids;
    for (const auto& message : store().search_messages(query).messages) ids.push_back(message.id);
    return ids;
  }

  store::Id owner_ = 0, channel_ = 0, other_ = 0;
};
PARLEY_STORE_SUITE(StoreSearch);

TEST_P(StoreSearch, FindsNewestFirstAmongTheGivenChannels) {
  auto a = send(channel_, "alpha beta");
  auto b = send(other_, "beta gamma");
  auto c = send(channel_, "서울특별시 beta");
  index_all();
  EXPECT_EQ(find("beta"), (std::vector<store::Id>{c, b, a}));
  EXPECT_EQ(find("beta", {channel_}), (std::vector<store::Id>{c, a}));
  EXPECT_EQ(find("bet gamma"), std::vector<store::Id>{});
  EXPECT_EQ(find("gamma bet"), std::vector<store::Id>{b});
  EXPECT_EQ(find("특별"), std::vector<store::Id>{c});
  EXPECT_EQ(store().messages_waiting_for_index(), 0);
}

TEST_P(StoreSearch, EditsAndDeletesChangeTheIndexAtOnce) {
  auto a = send(channel_, "old words here");
  auto b = send(channel_, "old stuff");
  index_all();
  ASSERT_EQ(change(store::ChannelOp::Kind::edit, a, "new words"), store::OpStatus::applied);
  EXPECT_EQ(find("old"), std::vector<store::Id>{b});
  EXPECT_EQ(find("new"), std::vector<store::Id>{a});
  ASSERT_EQ(change(store::ChannelOp::Kind::remove, b), store::OpStatus::applied);
  EXPECT_EQ(find("old"), std::vector<store::Id>{});
  EXPECT_EQ(find("stuff"), std::vector<store::Id>{});
  // Edited and deleted before the indexer saw them: it indexes what is there now.
  auto c = send(channel_, "draft one");
  auto d = send(channel_, "draft two");
  ASSERT_EQ(change(store::ChannelOp::Kind::edit, c, "final one"), store::OpStatus::applied);
  ASSERT_EQ(change(store::ChannelOp::Kind::remove, d), store::OpStatus::applied);
  index_all();
  EXPECT_EQ(find("draft"), std::vector<store::Id>{});
  EXPECT_EQ(find("one"), std::vector<store::Id>{c});
  // Edited again after indexing: the entry is replaced, not doubled.
  ASSERT_EQ(change(store::ChannelOp::Kind::edit, c, "final two"), store::OpStatus::applied);
  EXPECT_EQ(find("final"), std::vector<store::Id>{c});
  EXPECT_EQ(find("one"), std::vector<store::Id>{});
}

TEST_P(StoreSearch, CountsEveryMatchAndPages) {
  std::vector<store::Id> sent;
  for (int i = 0; i < 7; ++i) sent.push_back(send(channel_, "page word " + std::to_string(i)));
  index_all();
  store::SearchQuery query;
  query.channel_ids = {channel_};
  query.terms = chat::search_terms("word");
  query.limit = 3;
  query.offset = 2;
  auto result = store().search_messages(query);
  EXPECT_EQ(result.total, 7);
  ASSERT_EQ(result.messages.size(), 3u);
  EXPECT_EQ(result.messages[0].id, sent[4]);
  EXPECT_EQ(result.messages[2].id, sent[2]);
  query.offset = 7;
  EXPECT_TRUE(store().search_messages(query).messages.empty());
  query.terms = {};
  query.author_id = owner_;
  query.offset = 0;
  EXPECT_EQ(store().search_messages(query).total, 7);
}

// Thousands of messages with the common words and a few with a rare one: however the backend
// reads them (SQLite: the rare word leads and the common ones are checked per candidate, or two
// common lists are read and merged), the answers and counts are exact, in every channel set
// and with the filters that need the message rows.
TEST_P(StoreSearch, ARareWordAmongCommonOnesAndTwoCommonWords) {
  auto guest = account("guest");
  std::vector<model::NewMessage> batch;
  for (int i = 0; i < 3000; ++i) {
    auto channel = i % 3 == 0 ? other_ : channel_;
    auto text = "common often words " + std::to_string(i) + (i % 500 == 7 ? " rarest" : "");
    batch.push_back(new_message(channel, i % 500 == 7 && i > 1500 ? guest : owner_, text));
  }
  auto stored = store().append_messages(batch);
  auto alone = send(channel_, "rarest alone");  // what checking the common words must drop
  index_all();
  std::vector<store::Id> rare, rare_here;  // newest first
  for (int i = 2999; i >= 0; --i) {
    if (i % 500 != 7) continue;
    rare.push_back(stored[static_cast<std::size_t>(i)].id);
    if (i % 3 != 0) rare_here.push_back(stored[static_cast<std::size_t>(i)].id);
  }
  EXPECT_EQ(find("rarest common"), rare);
  EXPECT_EQ(find("common rarest"), rare);
  EXPECT_EQ(find("common often rar"), rare);  // the rare word as a prefix, checked last
  EXPECT_EQ(find("rarest often", {channel_}), rare_here);
  EXPECT_EQ(find("rarest absentword"), std::vector<store::Id>{});
  EXPECT_EQ(find("alone rarest"), std::vector<store::Id>{alone});

  store::SearchQuery query;
  query.channel_ids = {channel_, other_};
  query.terms = chat::search_terms("often commo");
  query.limit = 2;
  auto both = store().search_messages(query);
  EXPECT_EQ(both.total, 3000);
  ASSERT_EQ(both.messages.size(), 2u);
  EXPECT_EQ(both.messages[0].id, stored.back().id);
  query.channel_ids = {channel_};
  EXPECT_EQ(store().search_messages(query).total, 2000);

  query.channel_ids = {channel_, other_};
  query.terms = chat::search_terms("common rarest");
  query.author_id = guest;
  EXPECT_EQ(store().search_messages(query).total, 3);
  query.author_id.reset();
  query.before = rare[0];
  query.after = rare[5];
  auto between = store().search_messages(query);
  EXPECT_EQ(between.total, 4);
  ASSERT_EQ(between.messages.size(), 2u);
  EXPECT_EQ(between.messages[0].id, rare[1]);
}

TEST_P(StoreSearch, ADeletedMessagesWordsLeaveTheFile) {
  auto secret = send(channel_, "launch code zyxwvut4815 first");
  auto edited = send(channel_, "old password qwertyuiop9876");
  for (int i = 0; i < 200; ++i) send(other_, "filler words " + std::to_string(i));
  index_all();
  ASSERT_EQ(find("zyxwvut4815"), std::vector<store::Id>{secret});
  ASSERT_EQ(change(store::ChannelOp::Kind::remove, secret), store::OpStatus::applied);
  ASSERT_EQ(change(store::ChannelOp::Kind::edit, edited, "new text"), store::OpStatus::applied);
  // The edited message's old words leave the index; its text stays in the file only in the
  // creation frame the event log keeps until the message is deleted (SPEC §6–§7).
  EXPECT_EQ(find("qwertyuiop9876"), std::vector<store::Id>{});
  store().erase_journal();
  auto path = dir() / "parley.sqlite3";
  if (!std::filesystem::exists(path)) return;  // PostgreSQL: VACUUM's to reclaim (API.md)
  for (auto file : {path, std::filesystem::path(path.string() + "-wal")}) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("zyxwvut4815"), std::string::npos) << file;
  }
}

TEST_P(StoreSearch, DeletingAChannelTakesItsWordsFromTheFile) {
  auto gone = send(other_, "vanishing unicorn42x");
  index_all();
  ASSERT_EQ(find("unicorn42x"), std::vector<store::Id>{gone});
  ASSERT_TRUE(store().delete_channel(other_));
  EXPECT_EQ(find("unicorn42x", {channel_}), std::vector<store::Id>{});
  // The edited message's old words leave the index; its text stays in the file only in the
  // creation frame the event log keeps until the message is deleted (SPEC §6–§7).
  EXPECT_EQ(find("qwertyuiop9876"), std::vector<store::Id>{});
  store().erase_journal();
  auto path = dir() / "parley.sqlite3";
  if (!std::filesystem::exists(path)) return;
  for (auto file : {path, std::filesystem::path(path.string() + "-wal")}) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("unicorn42x"), std::string::npos) << file;
  }
}

}  // namespace

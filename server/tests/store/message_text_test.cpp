// Store conformance: message text comes back byte for byte, whatever it holds (quotes,
// backslashes, braces, commas, the word NULL, newlines, emoji), alone or many to a batch.
#include "store_fixture.hpp"

namespace {

using store_test::StoreTest;

class StoreMessageText : public StoreTest {};
PARLEY_STORE_SUITE(StoreMessageText);

TEST_P(StoreMessageText, AnyTextRoundTripsInABatch) {
  auto owner = account("owner");
  auto server = store().create_server({"S", std::nullopt, owner, category("c")});
  auto channel = store().create_channel({server, owner, "general", ""});
  std::vector<std::string> texts = {
      "plain",
      "\"quoted\"",
      "back\\slash \\\" both",
      "{braces},commas",
      "NULL",
      "",
      "line\nbreak\ttab",
      "emoji \xF0\x9F\x98\x80 and \xC3\xA9",
      "'single'",
      "{\"json\": [1, 2]}",
  };
  std::vector<store::ChannelOp> batch;
  for (const auto& text : texts) {
    store::ChannelOp op;
    op.channel_id = channel;
    op.actor_id = owner;
    op.content = text;
    batch.push_back(op);
  }
  auto results = store().apply_channel_ops(batch);
  ASSERT_EQ(results.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    ASSERT_EQ(results[i].status, store::OpStatus::applied);
    EXPECT_EQ(results[i].message->content, texts[i]);
    EXPECT_EQ(results[i].message->sender, "owner");
    EXPECT_EQ(results[i].event->seq, static_cast<store::Id>(i + 1));
  }
  auto stored = store().messages_page(page(channel, std::nullopt, std::nullopt, 50));
  ASSERT_EQ(stored.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(stored[i].content, texts[i]);
    EXPECT_EQ(stored[i].id, results[i].message->id);
  }
  EXPECT_TRUE(store().message_exists(channel, owner, "back\\slash \\\" both"));
}

TEST_P(StoreMessageText, AnUnknownChannelInABatchFailsAloneAndTakesNoSeq) {
  auto owner = account("owner");
  auto server = store().create_server({"S", std::nullopt, owner, category("c")});
  auto channel = store().create_channel({server, owner, "general", ""});
  std::vector<store::ChannelOp> batch(3);
  for (auto& op : batch) {
    op.channel_id = channel;
    op.actor_id = owner;
    op.content.assign(1, 'x');  // (GCC 12 misreads a literal assignment here)
  }
  batch[1].channel_id = channel + 1000;
  auto results = store().apply_channel_ops(batch);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].status, store::OpStatus::applied);
  EXPECT_EQ(results[1].status, store::OpStatus::not_found);
  EXPECT_EQ(results[2].status, store::OpStatus::applied);
  EXPECT_EQ(results[2].event->seq, 2);
  EXPECT_EQ(store().find_channel(channel)->last_message_id, results[2].message->id);
}

}  // namespace

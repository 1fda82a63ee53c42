// The event log and the channel ops behind it (SPEC §6-§7), on every backend: per-channel
// gap-free seq, edits by authors, deletes that erase, reactions, mentions, replies, trimming.
#include <boost/json.hpp>
#include <fstream>
#include <iterator>

#include "store_fixture.hpp"

namespace {

using store::ChannelOp;
using store::OpStatus;
using Kind = store::ChannelOp::Kind;
using store_test::StoreTest;

class EventLogTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    alice_ = account("alice");
    bob_ = account("bob");
    auto server = store().create_server({"S", std::nullopt, alice_, category("c")});
    general_ = store().create_channel({server, alice_, "general", ""});
    random_ = store().create_channel({server, alice_, "random", ""});
  }

  ChannelOp op(Kind kind, store::Id channel, store::Id actor) {
    ChannelOp o;
    o.kind = kind;
    o.channel_id = channel;
    o.actor_id = actor;
    return o;
  }
  store::OpResult apply(ChannelOp o) { return store().apply_channel_ops({std::move(o)}).front(); }
  store::Id post(store::Id channel, store::Id sender, const std::string& text,
                 std::optional<store::Id> reply_to = std::nullopt) {
    auto o = op(Kind::create, channel, sender);
    o.content = text;
    o.reply_to = reply_to;
    auto result = apply(std::move(o));
    EXPECT_EQ(result.status, OpStatus::applied);
    return result.message ? result.message->id : 0;
  }
  store::OpResult react(store::Id channel, store::Id message, store::Id user,
                        const std::string& emoji, bool add = true) {
    auto o = op(add ? Kind::react : Kind::unreact, channel, user);
    o.message_id = message;
    o.emoji = emoji;
    return apply(std::move(o));
  }
  std::vector<store::Id> seqs(store::Id channel) {
    std::vector<store::Id> out;
    for (auto& event : store().events_after(channel, 0, 500)) out.push_back(event.seq);
    return out;
  }
  std::string all_frames(store::Id channel) {
    std::string out;
    for (auto& event : store().events_after(channel, 0, 500)) out += event.frame + "\n";
    return out;
  }

  store::Id alice_ = 0, bob_ = 0, general_ = 0, random_ = 0;
};
PARLEY_STORE_SUITE(EventLogTest);

TEST_P(EventLogTest, EveryChangeGetsTheNextSeqOfItsChannelGapFreeFromOne) {
  auto m1 = post(general_, alice_, "one");
  post(random_, bob_, "elsewhere");
  auto m2 = post(general_, bob_, "two");
  auto edit = op(Kind::edit, general_, alice_);
  edit.message_id = m1;
  edit.content = "one, edited";
  EXPECT_EQ(apply(edit).event->seq, 3);
  EXPECT_EQ(react(general_, m2, alice_, "👍").event->seq, 4);
  EXPECT_EQ(react(general_, m2, alice_, "👍", false).event->seq, 5);
  auto remove = op(Kind::remove, general_, bob_);
  remove.message_id = m2;
  EXPECT_EQ(apply(remove).event->seq, 6);
  EXPECT_EQ(seqs(general_), (std::vector<store::Id>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(seqs(random_), (std::vector<store::Id>{1}));
  auto window = store().event_window(general_);
  EXPECT_TRUE(window.found);
  EXPECT_EQ(window.last_seq, 6);
  EXPECT_EQ(store().events_after(general_, 4, 500).size(), 2u);
  EXPECT_EQ(store().events_after(general_, 0, 2).back().seq, 2);
}

TEST_P(EventLogTest, AFailedOpTakesNoSeqAndDoesNotStopTheBatch) {
  auto m = post(general_, alice_, "mine");
  auto by_bob = op(Kind::edit, general_, bob_);
  by_bob.message_id = m;
  by_bob.content = "not yours";
  auto unknown = op(Kind::create, 999999, alice_);
  unknown.content = "nowhere";
  auto bad_reply = op(Kind::create, general_, alice_);
  bad_reply.content = "answering another channel";
  bad_reply.reply_to = post(random_, alice_, "over here");
  auto fine = op(Kind::create, general_, bob_);
  fine.content = "fine";
  auto results = store().apply_channel_ops({by_bob, unknown, bad_reply, fine});
  EXPECT_EQ(results[0].status, OpStatus::forbidden);
  EXPECT_EQ(results[1].status, OpStatus::not_found);
  EXPECT_EQ(results[2].status, OpStatus::bad_reply);
  EXPECT_EQ(results[3].status, OpStatus::applied);
  EXPECT_EQ(results[3].event->seq, 2);
  EXPECT_EQ(seqs(general_), (std::vector<store::Id>{1, 2}));
}

TEST_P(EventLogTest, EditsKeepTheFrameTheySentAndSetEditedAt) {
  auto m = post(general_, alice_, "first");
  auto edit = op(Kind::edit, general_, alice_);
  edit.message_id = m;
  edit.content = "second";
  auto result = apply(edit);
  ASSERT_EQ(result.status, OpStatus::applied);
  EXPECT_TRUE(result.message->edited_at.has_value());
  edit.content = "third";
  apply(edit);
  auto events = store().events_after(general_, 0, 10);
  ASSERT_EQ(events.size(), 3u);
  auto second = boost::json::parse(events[1].frame).as_object();
  EXPECT_EQ(second.at("type").as_string(), "chat.message_update");
  EXPECT_EQ(second.at("message").as_object().at("content").as_string(), "second");
  // The creation event is the frame the sockets got, before the edits.
  auto first = boost::json::parse(events[0].frame).as_object();
  EXPECT_EQ(first.at("new_message").as_object().at("content").as_string(), "first");
  EXPECT_TRUE(first.at("new_message").as_object().at("edited_at").is_null());
}

TEST_P(EventLogTest, AReplysCreationFrameKeepsTheQuoteItWasSentWith) {
  auto original = post(general_, bob_, "before the edit");
  auto reply = post(general_, alice_, "answer", original);
  auto edit = op(Kind::edit, general_, bob_);
  edit.message_id = original;
  edit.content = "after the edit";
  apply(edit);
  auto events = store().events_after(general_, 1, 10);
  auto created = boost::json::parse(events[0].frame).as_object();
  EXPECT_EQ(created.at("new_message").as_object().at("id").as_int64(), reply);
  EXPECT_EQ(created.at("new_message").as_object().at("reply_to").as_object().at("content"),
            "before the edit");
  // History shows the quote as it is now.
  auto now = store().find_message(general_, reply, 0);
  EXPECT_EQ(now->reply_to->content, "after the edit");
}

TEST_P(EventLogTest, ADeleteErasesContentReactionsAndQuotesEverywhere) {
  auto secret = post(general_, bob_, "the secret launch code is 4815162342");
  auto edit = op(Kind::edit, general_, bob_);
  edit.message_id = secret;
  edit.content = "the secret launch code is 4815162342, really";
  apply(edit);
  react(general_, secret, alice_, "🔥");
  auto reply = post(general_, alice_, "quoting it", secret);
  auto by_alice = op(Kind::remove, general_, alice_);  // not the author, not a moderator
  by_alice.message_id = secret;
  EXPECT_EQ(apply(by_alice).status, OpStatus::forbidden);
  auto by_moderator = by_alice;
  by_moderator.moderator = true;
  ASSERT_EQ(apply(by_moderator).status, OpStatus::applied);

  EXPECT_EQ(all_frames(general_).find("4815162342"), std::string::npos);
  EXPECT_EQ(all_frames(general_).find("🔥"), std::string::npos);
  auto history = store().messages_page(page(general_, std::nullopt, std::nullopt, 50));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].id, reply);
  ASSERT_TRUE(history[0].reply_to.has_value());
  EXPECT_TRUE(history[0].reply_to->deleted);
  EXPECT_FALSE(store().find_message(general_, secret, 0).has_value());
  EXPECT_EQ(react(general_, secret, alice_, "👍").status, OpStatus::not_found);
  // Nothing of it is left in the file or its journal either, once the journal is erased.
  store().erase_journal();
  auto path = std::filesystem::path(dir()) / "parley.sqlite3";
  for (auto file : {path, std::filesystem::path(path.string() + "-wal")}) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("4815162342"), std::string::npos) << file;
  }
}

TEST_P(EventLogTest, DeletingTheNewestMessageMovesTheChannelsLastMessageBack) {
  auto older = post(general_, alice_, "older");
  auto newest = post(general_, alice_, "newest");
  EXPECT_EQ(store().find_channel(general_)->last_message_id, newest);
  auto remove = op(Kind::remove, general_, alice_);
  remove.message_id = newest;
  apply(remove);
  EXPECT_EQ(store().find_channel(general_)->last_message_id, older);
  EXPECT_EQ(store().find_channel(general_)->last_seq, 3);
}

TEST_P(EventLogTest, ReactionsAreIdempotentAndAtMostTwentyDistinctPerMessage) {
  auto m = post(general_, alice_, "react to me");
  EXPECT_EQ(react(general_, m, alice_, "👍").status, OpStatus::applied);
  EXPECT_EQ(react(general_, m, alice_, "👍").status, OpStatus::unchanged);
  EXPECT_EQ(react(general_, m, bob_, "👍").status, OpStatus::applied);
  EXPECT_EQ(react(general_, m, bob_, "🎉", false).status, OpStatus::unchanged);
  const char* emoji[] = {"😀", "😁", "😂", "🤣", "😃",    "😄", "😅", "😆", "😉",   "😊",
                         "😋", "😎", "😍", "😘",    "🥰", "😗", "😙", "😚", "🙂"};
  for (auto* e : emoji) ASSERT_EQ(react(general_, m, alice_, e).status, OpStatus::applied) << e;
  EXPECT_EQ(react(general_, m, alice_, "🤔").status, OpStatus::too_many_reactions);
  EXPECT_EQ(react(general_, m, bob_, "😀").status, OpStatus::applied);  // one of the twenty
  auto message = store().find_message(general_, m, bob_);
  ASSERT_EQ(message->reactions.size(), 20u);
  EXPECT_EQ(message->reactions[0].emoji, "👍");
  EXPECT_EQ(message->reactions[0].count, 2);
  EXPECT_TRUE(message->reactions[0].me);
  auto reactors = store().reactors(general_, m, "👍", 0, 100);
  ASSERT_EQ(reactors.size(), 2u);
  EXPECT_EQ(reactors[0].id, alice_);
  EXPECT_EQ(store().reactors(general_, m, "👍", alice_, 100).size(), 1u);
}

TEST_P(EventLogTest, MentionsKeepTheFirstFiftyExistingAccountsAscending) {
  auto o = op(Kind::create, general_, alice_);
  o.content = "hey";
  o.mentions = {bob_, 999999, alice_};
  auto result = apply(o);
  EXPECT_EQ(result.message->mentions, (std::vector<store::Id>{alice_, bob_}));
  std::vector<store::Id> many;
  for (int i = 0; i < 60; ++i) many.push_back(account("user" + std::to_string(i)));
  o.mentions = many;
  result = apply(o);
  EXPECT_EQ(result.message->mentions.size(), 50u);
  EXPECT_EQ(result.message->mentions.back(), many[49]);
  auto stored = store().find_message(general_, result.message->id, 0);
  EXPECT_EQ(stored->mentions, result.message->mentions);
}

TEST_P(EventLogTest, TrimmingKeepsTheNewestAndRefusesResumesFromBeforeIt) {
  auto m = post(general_, alice_, "m");
  for (int i = 0; i < 5; ++i) {
    react(general_, m, alice_, "👍");
    react(general_, m, alice_, "👍", false);
  }
  EXPECT_EQ(store().event_window(general_).last_seq, 11);
  // Only what is older than the cut and not among the newest 4 goes: seqs 2-7 (the message
  // itself, seq 1, is history and stays).
  EXPECT_EQ(store().trim_events(util_now() + 1'000'000, 4), 6);
  auto window = store().event_window(general_);
  EXPECT_EQ(window.resumable_after, 7);
  EXPECT_EQ(store().events_after(general_, 7, 100).size(), 4u);
  EXPECT_EQ(store().trim_events(0, 0), 0);  // nothing is older than the epoch
}

}  // namespace

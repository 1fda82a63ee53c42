// Attachments (SPEC §12) on every backend: rows, a message claiming its sender's unused uploads
// of its channel in order (and nothing when one is not), reads that carry them, and what the
// janitor reaps: old unused uploads, deleted messages' files, deleted channels' files.
#include "store_fixture.hpp"

namespace {

using store::ChannelOp;
using store::OpStatus;
using Kind = store::ChannelOp::Kind;
using store_test::StoreTest;

class AttachmentsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    alice_ = account("alice");
    bob_ = account("bob");
    server_ = store().create_server({"S", std::nullopt, alice_, category("c")});
    general_ = store().create_channel({server_, alice_, "general", ""});
    other_ = store().create_channel({server_, alice_, "other", ""});
    store().add_member(server_, bob_);
  }
  store::Id upload(store::Id uploader, store::Id channel, std::string name = "a.png") {
    store::NewAttachment a;
    a.uploader_id = uploader;
    a.channel_id = channel;
    a.filename = std::move(name);
    a.content_type = "image/png";
    a.size = 123;
    a.width = 20;
    a.height = 10;
    a.storage_key = std::string(32, 'a');
    a.thumbnail_key = std::string(32, 'b');
    a.url_token = std::string(32, 'c');
    return store().create_attachment(a);
  }
  store::OpResult post(store::Id sender, std::vector<store::Id> attachments) {
    ChannelOp o;
    o.kind = Kind::create;
    o.channel_id = general_;
    o.actor_id = sender;
    o.content = "look";
    o.attachments = std::move(attachments);
    return store().apply_channel_ops({o}).front();
  }
  std::vector<store::Id> reapable() {
    std::vector<store::Id> ids;
    for (const auto& a : store().reapable_attachments(0, 100)) ids.push_back(a.id);
    return ids;
  }

  store::Id alice_ = 0, bob_ = 0, server_ = 0, general_ = 0, other_ = 0;
};

TEST_P(AttachmentsTest, RowsRoundTrip) {
  auto id = upload(alice_, general_, "naïve.png");
  auto a = store().find_attachment(id);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->uploader_id, alice_);
  EXPECT_EQ(a->channel_id, general_);
  EXPECT_FALSE(a->message_id);
  EXPECT_EQ(a->filename, "naïve.png");
  EXPECT_EQ(a->size, 123);
  EXPECT_EQ(a->width, 20);
  EXPECT_EQ(a->thumbnail_key, std::string(32, 'b'));
  EXPECT_FALSE(store().find_attachment(id + 1000));
}

TEST_P(AttachmentsTest, AMessageClaimsItsSendersUnusedUploadsInOrder) {
  auto first = upload(alice_, general_);
  auto second = upload(alice_, general_);
  auto result = post(alice_, {second, first});
  ASSERT_EQ(result.status, OpStatus::applied);
  ASSERT_EQ(result.message->attachments.size(), 2u);
  EXPECT_EQ(result.message->attachments[0].id, second);
  auto read = store().find_message(general_, result.message->id, bob_);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->attachments.size(), 2u);
  EXPECT_EQ(read->attachments[1].id, first);
  store::MessagePage page;
  page.channel_id = general_;
  EXPECT_EQ(store().messages_page(page).back().attachments.size(), 2u);
  EXPECT_EQ(store().find_attachment(first)->message_id, result.message->id);
}

TEST_P(AttachmentsTest, BadListsChangeNothing) {
  auto mine = upload(alice_, general_);
  auto bobs = upload(bob_, general_);
  auto elsewhere = upload(alice_, other_);
  for (const auto& bad :
       std::vector<std::vector<store::Id>>{{bobs}, {elsewhere}, {mine, mine}, {mine, 999999}}) {
    EXPECT_EQ(post(alice_, bad).status, OpStatus::bad_attachments);
  }
  store::MessagePage page;
  page.channel_id = general_;
  EXPECT_TRUE(store().messages_page(page).empty());
  EXPECT_FALSE(store().find_attachment(mine)->message_id);
  ASSERT_EQ(post(alice_, {mine}).status, OpStatus::applied);
  EXPECT_EQ(post(alice_, {mine}).status, OpStatus::bad_attachments);  // used
}

TEST_P(AttachmentsTest, TheJanitorReapsUnusedDeletedAndOrphaned) {
  auto used = upload(alice_, general_);
  auto unused = upload(alice_, general_);
  auto message = post(alice_, {used}).message->id;
  EXPECT_TRUE(reapable().empty());  // nothing older than the epoch is unused
  auto all = store().reapable_attachments(util_now() + 1, 100);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, unused);

  ChannelOp remove;
  remove.kind = Kind::remove;
  remove.channel_id = general_;
  remove.actor_id = alice_;
  remove.message_id = message;
  ASSERT_EQ(store().apply_channel_ops({remove}).front().status, OpStatus::applied);
  EXPECT_EQ(reapable(), std::vector<store::Id>{used});

  auto in_other = upload(alice_, other_);
  ASSERT_TRUE(store().delete_channel(other_));
  EXPECT_EQ(reapable(), (std::vector<store::Id>{used, in_other}));
  EXPECT_EQ(store().delete_reapable_attachments({used, in_other}, 0),
            (std::vector<store::Id>{used, in_other}));
  EXPECT_TRUE(reapable().empty());
  EXPECT_FALSE(store().find_attachment(used));
}

TEST_P(AttachmentsTest, AnUploadTakenByAMessageMeanwhileIsNotReaped) {
  auto taken = upload(alice_, general_);
  auto left = upload(alice_, general_);
  auto cutoff = util_now() + 1;
  auto listed = store().reapable_attachments(cutoff, 100);
  ASSERT_EQ(listed.size(), 2u);
  ASSERT_EQ(post(alice_, {taken}).status, OpStatus::applied);  // between the list and the delete
  EXPECT_EQ(store().delete_reapable_attachments({taken, left}, cutoff),
            std::vector<store::Id>{left});
  EXPECT_TRUE(store().find_attachment(taken));
  EXPECT_FALSE(store().find_attachment(left));
}

PARLEY_STORE_SUITE(AttachmentsTest);

}  // namespace

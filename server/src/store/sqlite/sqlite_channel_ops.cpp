// The event writer's transaction on SQLite: each op changes a channel and appends its event
// with the channel's next seq, in commit order (SPEC §6-§7).
#include <algorithm>
#include <unordered_map>

#include "codec/event_json.hpp"
#include "codec/quote_json.hpp"
#include "store/moderation_queries.hpp"
#include "store/sqlite/attachment_rows.hpp"
#include "store/sqlite/message_rows.hpp"
#include "store/sqlite/search_index.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

namespace store::sqlite {
namespace {

using Kind = ChannelOp::Kind;
using model::EventKind;

// A channel's counters as the batch moves them; written back once per batch.
struct ChannelState {
  bool found = false;
  bool dirty = false;
  Id last_seq = 0;
  Id last_message_id = 0;
};

class OpApplier {
 public:
  OpApplier(Connection& db) : db_(db), now_(util::now_micros()) {}

  OpResult apply(const ChannelOp& op) {
    auto& channel = state(op.channel_id);
    if (!channel.found) return {OpStatus::not_found, {}, {}};
    switch (op.kind) {
      case Kind::create:
        return create(op, channel);
      case Kind::edit:
        return edit(op, channel);
      case Kind::remove:
        return remove(op, channel);
      case Kind::react:
      case Kind::unreact:
        return react(op, channel);
    }
    return {};
  }

  // Writes the channels' new counters.
  void finish() {
    for (auto& [id, channel] : channels_) {
      if (!channel.dirty) continue;
      db_.prepare("UPDATE channels SET last_seq = ?, last_message_id = ? WHERE id = ?")
          .bind(1, channel.last_seq)
          .bind(2, channel.last_message_id)
          .bind(3, id)
          .run();
    }
  }

 private:
  ChannelState& state(Id channel_id) {
    auto [it, inserted] = channels_.try_emplace(channel_id);
    if (inserted) {
      auto stmt = db_.prepare("SELECT last_seq, last_message_id FROM channels WHERE id = ?");
      stmt.bind(1, channel_id);
      if (stmt.step()) {
        it->second.found = true;
        it->second.last_seq = stmt.int64(0);
        it->second.last_message_id = stmt.int64(1);
      }
    }
    return it->second;
  }

  Id next_seq(ChannelState& channel) {
    channel.dirty = true;
    return ++channel.last_seq;
  }

  // The first kMaxMentions candidates (in the order they appear) that name accounts,
  // ascending.
  std::vector<Id> existing_accounts(const std::vector<Id>& candidates) {
    std::vector<Id> found;
    for (Id id : candidates) {
      if (found.size() == static_cast<std::size_t>(kMaxMentions)) break;
      auto stmt = db_.prepare("SELECT 1 FROM accounts WHERE id = ?");
      stmt.bind(1, id);
      if (stmt.step()) found.push_back(id);
    }
    std::sort(found.begin(), found.end());
    return found;
  }

  void write_mentions(Id channel_id, Id message_id, const std::vector<Id>& mentions) {
    for (Id user : mentions) {
      db_.prepare(
             "INSERT OR IGNORE INTO message_mentions (user_id, channel_id, message_id) "
             "VALUES (?, ?, ?)")
          .bind(1, user)
          .bind(2, channel_id)
          .bind(3, message_id)
          .run();
    }
  }

  // Author and state of a message of this channel: nullopt when absent or deleted.
  std::optional<Id> live_message_author(Id channel_id, Id message_id) {
    auto stmt =
        db_.prepare("SELECT sender_id, deleted FROM messages WHERE id = ? AND channel_id = ?");
    stmt.bind(1, message_id).bind(2, channel_id);
    if (!stmt.step() || stmt.int64(1) != 0) return std::nullopt;
    return stmt.int64(0);
  }

  model::Message load(Id message_id) {
    auto stmt = db_.prepare(PARLEY_MESSAGE_SELECT "WHERE m.id = ?");
    stmt.bind(1, message_id);
    stmt.step();
    std::vector<model::Message> one{read_message_row(stmt).message};
    attach_reactions(db_, one, 0);
    attach_files(db_, one);
    return std::move(one.front());
  }

  void append_event(Id channel_id, Id seq, EventKind kind, Id message_id, std::optional<Id> user_id,
                    std::optional<std::string> emoji, std::optional<std::string> frame) {
    auto stmt = db_.prepare(
        "INSERT INTO channel_events (channel_id, seq, kind, message_id, user_id, emoji, frame, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    stmt.bind(1, channel_id).bind(2, seq).bind(3, static_cast<int>(kind)).bind(4, message_id);
    if (user_id) {
      stmt.bind(5, *user_id);
    } else {
      stmt.bind_null(5);
    }
    stmt.bind(6, emoji).bind(7, frame).bind(8, now_);
    stmt.run();
  }

  OpResult create(const ChannelOp& op, ChannelState& channel) {
    model::Message message;
    message.channel_id = op.channel_id;
    message.sender_id = op.actor_id;
    message.content = op.content;
    message.timestamp = util::now_micros();
    message.mention_everyone = op.mention_everyone;
    if (op.reply_to) {
      auto stmt = db_.prepare(
          "SELECT r.sender_id, a.username, substr(r.content, 1, 100) FROM messages r "
          "JOIN accounts a ON a.id = r.sender_id "
          "WHERE r.id = ? AND r.channel_id = ? AND r.deleted = 0");
      stmt.bind(1, *op.reply_to).bind(2, op.channel_id);
      if (!stmt.step()) return {OpStatus::bad_reply, {}, {}};
      message.reply_to =
          model::ReplyPreview{*op.reply_to, false, stmt.int64(0), stmt.text(1), stmt.text(2)};
    }
    if (!op.mentions.empty()) message.mentions = existing_accounts(op.mentions);
    if (!attachments_claimable(db_, op.channel_id, op.actor_id, op.attachments)) {
      return {OpStatus::bad_attachments, {}, {}};
    }
    Id seq = next_seq(channel);
    {
      // RETURNING gives the sender's name in the same statement as the insert.
      auto stmt = db_.prepare(
          "INSERT INTO messages (channel_id, sender_id, content, created_at, seq, reply_to_id, "
          "mentions, mention_everyone) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
          "RETURNING id, (SELECT username FROM accounts WHERE id = sender_id)");
      stmt.bind(1, message.channel_id)
          .bind(2, message.sender_id)
          .bind(3, message.content)
          .bind(4, message.timestamp)
          .bind(5, seq);
      if (op.reply_to) {
        stmt.bind(6, *op.reply_to);
      } else {
        stmt.bind_null(6);
      }
      if (message.mentions.empty()) {
        stmt.bind_null(7);
      } else {
        stmt.bind(7, mention_list_text(message.mentions));
      }
      stmt.bind(8, message.mention_everyone);
      stmt.step();
      message.id = stmt.int64(0);
      message.sender = stmt.text(1);
      while (stmt.step()) {
      }
    }
    message.seq = seq;
    write_mentions(message.channel_id, message.id, message.mentions);
    if (!op.attachments.empty()) {
      assign_attachments(db_, message.id, op.attachments);
      std::vector<model::Message> one{std::move(message)};
      attach_files(db_, one);
      message = std::move(one.front());
    }
    channel.last_message_id = message.id;
    // Its frame is rendered by the publisher, outside the writer's transaction.
    model::Event event{op.channel_id, seq, EventKind::message_create, message.id, {}};
    return {OpStatus::applied, std::move(event), std::move(message)};
  }

  // Keeps the creation frame a message was sent with, before an edit changes what its row
  // renders: its own edit, or one of the message it answers (the quote).
  void freeze_creation_frame(Id message_id) {
    {
      auto stmt = db_.prepare(
          "SELECT 1 FROM messages WHERE id = ? AND created_frame IS NULL AND seq IS NOT NULL "
          "AND deleted = 0");
      stmt.bind(1, message_id);
      if (!stmt.step()) return;
    }
    auto message = load(message_id);
    message.reactions.clear();  // a new message has none: reactions come as their own events
    db_.prepare("UPDATE messages SET created_frame = ? WHERE id = ?")
        .bind(1, codec::message_create_frame(message, message.seq))
        .bind(2, message_id)
        .run();
  }

  OpResult edit(const ChannelOp& op, ChannelState& channel) {
    auto author = live_message_author(op.channel_id, op.message_id);
    if (!author) return {OpStatus::not_found, {}, {}};
    if (*author != op.actor_id) return {OpStatus::forbidden, {}, {}};
    freeze_creation_frame(op.message_id);
    std::vector<Id> replies;
    {
      auto stmt = db_.prepare("SELECT id FROM messages WHERE reply_to_id = ? AND deleted = 0");
      stmt.bind(1, op.message_id);
      while (stmt.step()) replies.push_back(stmt.int64(0));
    }
    for (Id reply : replies) freeze_creation_frame(reply);
    auto mentions = op.mentions.empty() ? std::vector<Id>{} : existing_accounts(op.mentions);
    reindex_edited_message(db_, op.channel_id, op.message_id, op.content);
    auto stmt = db_.prepare(
        "UPDATE messages SET content = ?, edited_at = ?, mentions = ?, mention_everyone = ? "
        "WHERE id = ?");
    stmt.bind(1, op.content).bind(2, now_);
    if (mentions.empty()) {
      stmt.bind_null(3);
    } else {
      stmt.bind(3, mention_list_text(mentions));
    }
    stmt.bind(4, op.mention_everyone).bind(5, op.message_id).run();
    db_.prepare("DELETE FROM message_mentions WHERE message_id = ?").bind(1, op.message_id).run();
    write_mentions(op.channel_id, op.message_id, mentions);
    auto message = load(op.message_id);
    Id seq = next_seq(channel);
    auto frame = codec::message_update_frame(message, seq);
    append_event(op.channel_id, seq, EventKind::message_update, op.message_id, std::nullopt,
                 std::nullopt, frame);
    model::Event event{op.channel_id, seq, EventKind::message_update, op.message_id,
                       std::move(frame)};
    return {OpStatus::applied, std::move(event), std::move(message)};
  }

  OpResult remove(const ChannelOp& op, ChannelState& channel) {
    auto author = live_message_author(op.channel_id, op.message_id);
    if (!author) return {OpStatus::not_found, {}, {}};
    if (*author != op.actor_id && !op.moderator) return {OpStatus::forbidden, {}, {}};
    unindex_deleted_message(db_, op.message_id);
    // The row stays, emptied, so that the message's events keep their place in the log.
    db_.prepare(
           "UPDATE messages SET content = '', edited_at = NULL, reply_to_id = NULL, "
           "mentions = NULL, mention_everyone = 0, created_frame = NULL, deleted = 1 "
           "WHERE id = ?")
        .bind(1, op.message_id)
        .run();
    db_.prepare("DELETE FROM reactions WHERE message_id = ?").bind(1, op.message_id).run();
    db_.prepare("DELETE FROM message_mentions WHERE message_id = ?").bind(1, op.message_id).run();
    // Its stored frames lose their content and who reacted.
    db_.prepare(
           "UPDATE channel_events SET frame = NULL, emoji = NULL, user_id = NULL "
           "WHERE message_id = ?")
        .bind(1, op.message_id)
        .run();
    forget_quotes(op.message_id);
    if (channel.last_message_id == op.message_id) {
      auto stmt = db_.prepare(
          "SELECT COALESCE(MAX(id), 0) FROM messages WHERE channel_id = ? AND deleted = 0");
      stmt.bind(1, op.channel_id);
      stmt.step();
      channel.last_message_id = stmt.int64(0);
    }
    Id seq = next_seq(channel);
    append_event(op.channel_id, seq, EventKind::message_delete, op.message_id, std::nullopt,
                 std::nullopt, std::nullopt);
    // A moderator's delete of someone else's message goes to the audit log (SPEC §10).
    if (op.audited && *author != op.actor_id) {
      ModerationQueries<Connection, WriteScope, true>(db_).record_message_delete(
          op.channel_id, op.message_id, op.actor_id, *author, op.audit_reason, util::now_micros());
    }
    model::Event event{op.channel_id, seq, EventKind::message_delete, op.message_id,
                       codec::message_delete_frame(op.channel_id, seq, op.message_id)};
    return {OpStatus::applied, std::move(event), std::nullopt};
  }

  // Stored frames of replies quote the deleted message: they now show it as deleted.
  void forget_quotes(Id message_id) {
    struct Rewrite {
      bool creation;  // messages.created_frame, else channel_events.frame
      Id a, b;        // message id, or (channel, seq)
      std::string frame;
    };
    std::vector<Rewrite> rewritten;
    {
      auto stmt = db_.prepare(
          "SELECT e.channel_id, e.seq, e.frame FROM messages m JOIN channel_events e "
          "ON e.message_id = m.id WHERE m.reply_to_id = ? AND e.frame IS NOT NULL");
      stmt.bind(1, message_id);
      while (stmt.step()) {
        auto frame = codec::frame_quoting_deleted(stmt.text(2), "message", message_id);
        if (!frame.empty()) rewritten.push_back({false, stmt.int64(0), stmt.int64(1), frame});
      }
    }
    {
      auto stmt = db_.prepare(
          "SELECT id, created_frame FROM messages WHERE reply_to_id = ? "
          "AND created_frame IS NOT NULL");
      stmt.bind(1, message_id);
      while (stmt.step()) {
        auto frame = codec::frame_quoting_deleted(stmt.text(1), "new_message", message_id);
        if (!frame.empty()) rewritten.push_back({true, stmt.int64(0), 0, frame});
      }
    }
    for (auto& rewrite : rewritten) {
      if (rewrite.creation) {
        db_.prepare("UPDATE messages SET created_frame = ? WHERE id = ?")
            .bind(1, rewrite.frame)
            .bind(2, rewrite.a)
            .run();
      } else {
        db_.prepare("UPDATE channel_events SET frame = ? WHERE channel_id = ? AND seq = ?")
            .bind(1, rewrite.frame)
            .bind(2, rewrite.a)
            .bind(3, rewrite.b)
            .run();
      }
    }
  }

  OpResult react(const ChannelOp& op, ChannelState& channel) {
    if (!live_message_author(op.channel_id, op.message_id)) return {OpStatus::not_found, {}, {}};
    bool add = op.kind == Kind::react;
    if (add) {
      {
        auto mine = db_.prepare(
            "SELECT 1 FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?");
        mine.bind(1, op.message_id).bind(2, op.emoji).bind(3, op.actor_id);
        if (mine.step()) return {OpStatus::unchanged, {}, {}};
      }
      auto used = db_.prepare(
          "SELECT COUNT(DISTINCT emoji), SUM(emoji = ?) FROM reactions WHERE message_id = ?");
      used.bind(1, op.emoji).bind(2, op.message_id);
      used.step();
      bool new_emoji = used.is_null(1) || used.int64(1) == 0;
      if (new_emoji && used.int64(0) >= kMaxDistinctReactions) {
        return {OpStatus::too_many_reactions, {}, {}};
      }
      db_.prepare(
             "INSERT INTO reactions (message_id, emoji, user_id, created_at) VALUES (?, ?, ?, ?)")
          .bind(1, op.message_id)
          .bind(2, op.emoji)
          .bind(3, op.actor_id)
          .bind(4, now_)
          .run();
    } else {
      db_.prepare("DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?")
          .bind(1, op.message_id)
          .bind(2, op.emoji)
          .bind(3, op.actor_id)
          .run();
      if (db_.changes() == 0) return {OpStatus::unchanged, {}, {}};
    }
    auto kind = add ? EventKind::reaction_add : EventKind::reaction_remove;
    Id seq = next_seq(channel);
    append_event(op.channel_id, seq, kind, op.message_id, op.actor_id, op.emoji, std::nullopt);
    model::Event event{
        op.channel_id, seq, kind, op.message_id,
        codec::reaction_frame(kind, op.channel_id, seq, op.message_id, op.emoji, op.actor_id)};
    return {OpStatus::applied, std::move(event), std::nullopt};
  }

  Connection& db_;
  model::Micros now_;
  std::unordered_map<Id, ChannelState> channels_;
};

}  // namespace

std::vector<OpResult> SqliteStore::apply_channel_ops(const std::vector<ChannelOp>& batch) {
  auto& db = connection();
  std::vector<OpResult> results;
  results.reserve(batch.size());
  WriteScope scope(db);
  OpApplier applier(db);
  for (const auto& op : batch) results.push_back(applier.apply(op));
  applier.finish();
  scope.commit();
  return results;
}

void SqliteStore::erase_journal() {
  auto& db = connection();
  if (db.in_transaction()) return;
  // A deleted message's content is gone from the file (secure_delete); the WAL still holds
  // the pages it was written in until they are checkpointed and the log truncated.
  try {
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const std::exception& e) {
    util::LogEvent("store.checkpoint_failed").add("error", e.what()).warn();
  }
}

}  // namespace store::sqlite

// The event writer's transaction on PostgreSQL: each op changes a channel and appends its
// event with the channel's next seq, in commit order (SPEC §6-§7), also when several nodes
// write to the same database.
//
// Why the channel row lock comes first (research/scaleout.md §1-§2): message ids come from a
// shared sequence, and two transactions may draw ids in one order and commit in the other, so
// a reader could see id 8 before id 7 exists and skip 7 for ever. Here a batch first locks
// the rows of every channel it touches (SELECT ... FOR UPDATE, ascending id, so that two
// batches never wait on each other in a cycle), and only then draws message ids and seqs.
// Another writer of the same channel waits for the lock until this transaction commits, so
// per channel the ids and seqs it draws afterwards are higher and commit later: id and seq
// order are commit order.
#include <algorithm>
#include <unordered_map>

#include "chat/search_text.hpp"
#include "codec/event_json.hpp"
#include "store/moderation_queries.hpp"
#include "store/postgres/attachment_rows.hpp"
#include "store/postgres/message_rows.hpp"
#include "store/postgres/pg_message_writes.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/rows.hpp"
#include "util/time.hpp"

namespace store::postgres {
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

  // Locks the rows of the batch's channels and reads their counters (one statement).
  void lock_channels(const std::vector<ChannelOp>& batch) {
    std::vector<Id> ids;
    for (const auto& op : batch) ids.push_back(op.channel_id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto stmt = db_.prepare(
        "SELECT id, last_seq, last_message_id FROM channels WHERE id = ANY($1::bigint[]) "
        "ORDER BY id FOR UPDATE");
    stmt.bind(1, id_array(ids));
    while (stmt.step()) {
      auto& channel = channels_[stmt.int64(0)];
      channel.found = true;
      channel.last_seq = stmt.int64(1);
      channel.last_message_id = stmt.int64(2);
    }
  }

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
      db_.prepare("UPDATE channels SET last_seq = $1, last_message_id = $2 WHERE id = $3")
          .bind(1, channel.last_seq)
          .bind(2, channel.last_message_id)
          .bind(3, id)
          .run();
    }
  }

  // Creates a run of new messages that answer nothing in one INSERT (a batch is mostly such
  // messages; a statement each would make the writer wait a round trip per message). Rows go
  // in op order, so per channel ids are drawn in seq order; that is checked, not assumed.
  void create_run(const ChannelOp* first, const ChannelOp* last, std::vector<OpResult>& out) {
    struct Pending {
      std::size_t result;
      model::Message message;
    };
    std::vector<Pending> pending;
    std::vector<Id> channels, senders, seqs, times;
    std::vector<std::optional<std::string>> contents, mention_lists, search_texts;
    std::vector<bool> everyone;
    for (const ChannelOp* op = first; op != last; ++op) {
      auto& channel = state(op->channel_id);
      if (!channel.found) {
        out.push_back({OpStatus::not_found, {}, {}});
        continue;
      }
      model::Message message;
      message.channel_id = op->channel_id;
      message.sender_id = op->actor_id;
      message.content = op->content;
      message.timestamp = util::now_micros();
      message.mention_everyone = op->mention_everyone;
      if (!op->mentions.empty()) message.mentions = existing_accounts(db_, op->mentions);
      message.seq = next_seq(channel);
      channels.push_back(message.channel_id);
      senders.push_back(message.sender_id);
      contents.emplace_back(message.content);
      search_texts.emplace_back(chat::search_index_text(message.content));
      times.push_back(message.timestamp);
      seqs.push_back(message.seq);
      mention_lists.push_back(message.mentions.empty()
                                  ? std::nullopt
                                  : std::optional(mention_list_text(message.mentions)));
      everyone.push_back(message.mention_everyone);
      pending.push_back({out.size(), std::move(message)});
      out.emplace_back();
    }
    if (pending.empty()) return;
    std::string flags = "{";
    for (std::size_t i = 0; i < everyone.size(); ++i) {
      if (i) flags.push_back(',');
      flags.push_back(everyone[i] ? 't' : 'f');
    }
    flags.push_back('}');
    auto stmt = db_.prepare(
        "INSERT INTO messages (channel_id, sender_id, content, created_at, seq, mentions, "
        "mention_everyone, search_tsv) "
        "SELECT c, s, t, w, q, m, e, array_to_tsvector(string_to_array(x, ' ')) "
        "FROM unnest($1::bigint[], $2::bigint[], $3::text[], "
        "$4::bigint[], $5::bigint[], $6::text[], $7::boolean[], $8::text[]) WITH ORDINALITY "
        "AS u(c, s, t, w, q, m, e, x, n) ORDER BY n "
        "RETURNING id, channel_id, seq, (SELECT username FROM accounts WHERE id = sender_id)");
    stmt.bind(1, id_array(channels))
        .bind(2, id_array(senders))
        .bind(3, text_array(contents))
        .bind(4, id_array(times))
        .bind(5, id_array(seqs))
        .bind(6, text_array(mention_lists))
        .bind(7, flags)
        .bind(8, text_array(search_texts));
    // (channel, seq) -> index in pending
    std::unordered_map<Id, std::unordered_map<Id, std::size_t>> by_seq;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      by_seq[pending[i].message.channel_id][pending[i].message.seq] = i;
    }
    std::size_t returned = 0;
    while (stmt.step()) {
      auto& message = pending.at(by_seq.at(stmt.int64(1)).at(stmt.int64(2))).message;
      message.id = stmt.int64(0);
      message.sender = stmt.text(3);
      ++returned;
    }
    if (returned != pending.size()) throw Error("", "a message of the batch was not inserted");
    std::vector<Id> mention_users, mention_channels, mention_messages;
    std::unordered_map<Id, Id> last_id;  // channel -> id of its previous message in the run
    for (auto& [result, message] : pending) {
      Id& previous = last_id[message.channel_id];
      if (message.id <= previous) {
        throw Error("", "message ids were drawn out of seq order");  // rolls the batch back
      }
      previous = message.id;
      for (Id user : message.mentions) {
        mention_users.push_back(user);
        mention_channels.push_back(message.channel_id);
        mention_messages.push_back(message.id);
      }
      state(message.channel_id).last_message_id = message.id;
      // Its frame is rendered by the publisher, outside the writer's transaction.
      model::Event event{
          message.channel_id, message.seq, EventKind::message_create, message.id, {}};
      out[result] = {OpStatus::applied, std::move(event), std::move(message)};
    }
    if (!mention_users.empty()) {
      db_.prepare(
             "INSERT INTO message_mentions (user_id, channel_id, message_id) "
             "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) "
             "ON CONFLICT DO NOTHING")
          .bind(1, id_array(mention_users))
          .bind(2, id_array(mention_channels))
          .bind(3, id_array(mention_messages))
          .run();
    }
  }

 private:
  ChannelState& state(Id channel_id) { return channels_[channel_id]; }

  Id next_seq(ChannelState& channel) {
    channel.dirty = true;
    return ++channel.last_seq;
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
          "WHERE r.id = $1 AND r.channel_id = $2 AND NOT r.deleted");
      stmt.bind(1, *op.reply_to).bind(2, op.channel_id);
      if (!stmt.step()) return {OpStatus::bad_reply, {}, {}};
      message.reply_to =
          model::ReplyPreview{*op.reply_to, false, stmt.int64(0), stmt.text(1), stmt.text(2)};
    }
    if (!op.mentions.empty()) message.mentions = existing_accounts(db_, op.mentions);
    if (!attachments_claimable(db_, op.channel_id, op.actor_id, op.attachments)) {
      return {OpStatus::bad_attachments, {}, {}};
    }
    Id seq = next_seq(channel);
    {
      // RETURNING gives the sender's name in the same statement as the insert.
      auto stmt = db_.prepare(
          "INSERT INTO messages (channel_id, sender_id, content, created_at, seq, reply_to_id, "
          "mentions, mention_everyone, search_tsv) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
          "array_to_tsvector(string_to_array($9, ' '))) "
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
      stmt.bind(8, message.mention_everyone).bind(9, chat::search_index_text(message.content));
      stmt.step();
      message.id = stmt.int64(0);
      message.sender = stmt.text(1);
    }
    message.seq = seq;
    write_mentions(db_, message.channel_id, message.id, message.mentions);
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

  OpResult edit(const ChannelOp& op, ChannelState& channel) {
    auto author = live_message_author(db_, op.channel_id, op.message_id);
    if (!author) return {OpStatus::not_found, {}, {}};
    if (*author != op.actor_id) return {OpStatus::forbidden, {}, {}};
    freeze_creation_frame(db_, op.message_id);
    std::vector<Id> replies;
    {
      auto stmt = db_.prepare("SELECT id FROM messages WHERE reply_to_id = $1 AND NOT deleted");
      stmt.bind(1, op.message_id);
      while (stmt.step()) replies.push_back(stmt.int64(0));
    }
    for (Id reply : replies) freeze_creation_frame(db_, reply);
    auto mentions = op.mentions.empty() ? std::vector<Id>{} : existing_accounts(db_, op.mentions);
    auto stmt = db_.prepare(
        "UPDATE messages SET content = $1, edited_at = $2, mentions = $3, mention_everyone = $4, "
        "search_tsv = array_to_tsvector(string_to_array($6, ' ')) WHERE id = $5");
    stmt.bind(1, op.content).bind(2, now_);
    if (mentions.empty()) {
      stmt.bind_null(3);
    } else {
      stmt.bind(3, mention_list_text(mentions));
    }
    stmt.bind(4, op.mention_everyone)
        .bind(5, op.message_id)
        .bind(6, chat::search_index_text(op.content))
        .run();
    db_.prepare("DELETE FROM message_mentions WHERE message_id = $1").bind(1, op.message_id).run();
    write_mentions(db_, op.channel_id, op.message_id, mentions);
    auto message = load_message(db_, op.message_id);
    Id seq = next_seq(channel);
    auto frame = codec::message_update_frame(message, seq);
    append_event(db_, now_, op.channel_id, seq, EventKind::message_update, op.message_id,
                 std::nullopt, std::nullopt, frame);
    model::Event event{op.channel_id, seq, EventKind::message_update, op.message_id,
                       std::move(frame)};
    return {OpStatus::applied, std::move(event), std::move(message)};
  }

  OpResult remove(const ChannelOp& op, ChannelState& channel) {
    auto author = live_message_author(db_, op.channel_id, op.message_id);
    if (!author) return {OpStatus::not_found, {}, {}};
    if (*author != op.actor_id && !op.moderator) return {OpStatus::forbidden, {}, {}};
    // The row stays, emptied, so that the message's events keep their place in the log.
    // PostgreSQL's MVCC keeps the old versions of the rows changed or deleted here (the
    // content, the frames, the reactions) as dead tuples in the table files, and in the WAL
    // until its segments are recycled, until VACUUM reclaims them; autovacuum does that by
    // itself once enough of a table has changed (no checkpoint to force, as on SQLite).
    db_.prepare(
           "UPDATE messages SET content = '', edited_at = NULL, reply_to_id = NULL, "
           "mentions = NULL, mention_everyone = false, created_frame = NULL, deleted = true, "
           "search_tsv = NULL "
           "WHERE id = $1")
        .bind(1, op.message_id)
        .run();
    db_.prepare("DELETE FROM reactions WHERE message_id = $1").bind(1, op.message_id).run();
    db_.prepare("DELETE FROM message_mentions WHERE message_id = $1").bind(1, op.message_id).run();
    // Its stored frames lose their content and who reacted.
    db_.prepare(
           "UPDATE channel_events SET frame = NULL, emoji = NULL, user_id = NULL "
           "WHERE message_id = $1")
        .bind(1, op.message_id)
        .run();
    forget_quotes(db_, op.message_id);
    if (channel.last_message_id == op.message_id) {
      auto stmt = db_.prepare(
          "SELECT COALESCE(MAX(id), 0) FROM messages WHERE channel_id = $1 AND NOT deleted");
      stmt.bind(1, op.channel_id);
      stmt.step();
      channel.last_message_id = stmt.int64(0);
    }
    Id seq = next_seq(channel);
    append_event(db_, now_, op.channel_id, seq, EventKind::message_delete, op.message_id,
                 std::nullopt, std::nullopt, std::nullopt);
    // A moderator's delete of someone else's message goes to the audit log (SPEC §10).
    if (op.audited && *author != op.actor_id) {
      ModerationQueries<Connection, WriteScope, false>(db_).record_message_delete(
          op.channel_id, op.message_id, op.actor_id, *author, op.audit_reason, util::now_micros());
    }
    model::Event event{op.channel_id, seq, EventKind::message_delete, op.message_id,
                       codec::message_delete_frame(op.channel_id, seq, op.message_id)};
    return {OpStatus::applied, std::move(event), std::nullopt};
  }

  OpResult react(const ChannelOp& op, ChannelState& channel) {
    if (!live_message_author(db_, op.channel_id, op.message_id))
      return {OpStatus::not_found, {}, {}};
    bool add = op.kind == Kind::react;
    if (add) {
      {
        auto mine = db_.prepare(
            "SELECT 1 FROM reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3");
        mine.bind(1, op.message_id).bind(2, op.emoji).bind(3, op.actor_id);
        if (mine.step()) return {OpStatus::unchanged, {}, {}};
      }
      auto used = db_.prepare(
          "SELECT COUNT(DISTINCT emoji), COUNT(*) FILTER (WHERE emoji = $1) FROM reactions "
          "WHERE message_id = $2");
      used.bind(1, op.emoji).bind(2, op.message_id);
      used.step();
      bool new_emoji = used.int64(1) == 0;
      if (new_emoji && used.int64(0) >= kMaxDistinctReactions) {
        return {OpStatus::too_many_reactions, {}, {}};
      }
      db_.prepare(
             "INSERT INTO reactions (message_id, emoji, user_id, created_at) "
             "VALUES ($1, $2, $3, $4)")
          .bind(1, op.message_id)
          .bind(2, op.emoji)
          .bind(3, op.actor_id)
          .bind(4, now_)
          .run();
    } else {
      auto gone = db_.prepare(
          "DELETE FROM reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3");
      gone.bind(1, op.message_id).bind(2, op.emoji).bind(3, op.actor_id).run();
      if (gone.changes() == 0) return {OpStatus::unchanged, {}, {}};
    }
    auto kind = add ? EventKind::reaction_add : EventKind::reaction_remove;
    Id seq = next_seq(channel);
    append_event(db_, now_, op.channel_id, seq, kind, op.message_id, op.actor_id, op.emoji,
                 std::nullopt);
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

std::vector<OpResult> PostgresStore::apply_channel_ops(const std::vector<ChannelOp>& batch) {
  auto& db = connection();
  std::vector<OpResult> results;
  results.reserve(batch.size());
  if (batch.empty()) return results;
  WriteScope scope(db);
  OpApplier applier(db);
  applier.lock_channels(batch);
  auto answers_nothing = [](const ChannelOp& op) {
    // Attachments take the one-at-a-time path: they are checked and claimed per message.
    return op.kind == ChannelOp::Kind::create && !op.reply_to && op.attachments.empty();
  };
  for (std::size_t i = 0; i < batch.size();) {
    if (!answers_nothing(batch[i])) {
      results.push_back(applier.apply(batch[i++]));
      continue;
    }
    std::size_t end = i;
    while (end < batch.size() && answers_nothing(batch[end])) ++end;
    applier.create_run(batch.data() + i, batch.data() + end, results);
    i = end;
  }
  applier.finish();
  scope.commit();
  return results;
}

}  // namespace store::postgres

// The row-level steps of the event writer's transaction on PostgreSQL (pg_channel_ops.cpp):
// reading a message as it is now, its mentions, its events, and the stored frames an edit or
// a delete must keep or rewrite. Each runs on the writer's connection inside its transaction.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "model/event.hpp"
#include "model/message.hpp"
#include "store/postgres/connection.hpp"

namespace store::postgres {

// The first kMaxMentions candidates (in the order they appear) that name accounts, ascending.
std::vector<model::Id> existing_accounts(Connection& db, const std::vector<model::Id>& candidates);

void write_mentions(Connection& db, model::Id channel_id, model::Id message_id,
                    const std::vector<model::Id>& mentions);

// The author of a message of this channel: nullopt when absent or deleted.
std::optional<model::Id> live_message_author(Connection& db, model::Id channel_id,
                                             model::Id message_id);

// The message as its row renders it now, with reactions (no "me") and files.
model::Message load_message(Connection& db, model::Id message_id);

void append_event(Connection& db, model::Micros now, model::Id channel_id, model::Id seq,
                  model::EventKind kind, model::Id message_id, std::optional<model::Id> user_id,
                  std::optional<std::string> emoji, std::optional<std::string> frame);

// Keeps the creation frame a message was sent with, before an edit changes what its row
// renders: its own edit, or one of the message it answers (the quote).
void freeze_creation_frame(Connection& db, model::Id message_id);

// Stored frames of replies quote the deleted message: they now show it as deleted.
void forget_quotes(Connection& db, model::Id message_id);

}  // namespace store::postgres

// Reading whole messages (SPEC §7 objects): the columns, the reply each answers, and the
// reactions of a page, shared by history pages, single messages and the event log.
#pragma once
#include <string>
#include <vector>

#include "model/message.hpp"
#include "store/sqlite/connection.hpp"

namespace store::sqlite {

// SELECT <this> WHERE ... : every column read_message_row reads, in its order.
#define PARLEY_MESSAGE_SELECT                                                                  \
  "SELECT m.id, m.channel_id, m.sender_id, a.username, m.content, m.created_at, m.edited_at, " \
  "m.reply_to_id, m.mentions, m.mention_everyone, m.seq, m.deleted, "                          \
  "r.deleted, r.sender_id, ra.username, substr(r.content, 1, 100) "                            \
  "FROM messages m JOIN accounts a ON a.id = m.sender_id "                                     \
  "LEFT JOIN messages r ON r.id = m.reply_to_id "                                              \
  "LEFT JOIN accounts ra ON ra.id = r.sender_id "

struct MessageRow {
  model::Message message;
  bool deleted = false;
};

MessageRow read_message_row(const Statement& row);

// "3,7" -> {3, 7}; the stored form of a message's mentions.
std::vector<model::Id> parse_mention_list(const std::string& text);
std::string mention_list_text(const std::vector<model::Id>& ids);

// Fills the reactions of these messages (one statement), "me" for reader_id.
void attach_reactions(Connection& db, std::vector<model::Message>& messages, model::Id reader_id);

}  // namespace store::sqlite

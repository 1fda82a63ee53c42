// Keeping the inverted index (search_postings, migrations 9 and 11) in step with messages on
// SQLite: a message's rows are its distinct tokens (chat/search_text), each with its channel.
#pragma once
#include <string>

#include "model/ids.hpp"
#include "store/sqlite/connection.hpp"

namespace store::sqlite {

// The message ids up to this one are indexed (each non-deleted message's current text).
model::Id search_indexed_through(Connection& db);

// Inside the edit's transaction: replaces the rows of an indexed message (a message not yet
// indexed is left to the indexer, which will read its new text).
void reindex_edited_message(Connection& db, model::Id channel_id, model::Id message_id,
                            const std::string& new_content);
// Inside the delete's transaction: removes the message's rows (really: secure_delete erases
// them from the file).
void unindex_deleted_message(Connection& db, model::Id message_id);

// Adds the messages after the mark (at most limit, oldest first) and moves the mark, in one
// transaction; their rows go in term order (neighbouring B-tree pages, not random ones).
// Returns how many messages it looked at.
int index_messages_after_mark(Connection& db, int limit);

}  // namespace store::sqlite

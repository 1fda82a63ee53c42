// Which messages hold every word of a search (SPEC §13) on SQLite, from the postings alone
// (search_postings: one row per distinct token of a live, indexed message, with its channel).
#pragma once
#include <vector>

#include "chat/search_text.hpp"
#include "model/ids.hpp"
#include "store/sqlite/connection.hpp"

namespace store::sqlite {

// The ids of the messages of these channels whose tokens include every one of terms (the last
// also as a prefix of one), ascending. terms and channel_ids are not empty.
std::vector<model::Id> messages_holding_terms(Connection& db,
                                              const std::vector<model::Id>& channel_ids,
                                              const chat::SearchTerms& terms);

}  // namespace store::sqlite

// Message search (SPEC §13) below the API: the caller has already decided, through the
// permission function, which channels may be searched; the store finds the matching messages
// among them, newest first. Both backends index the text that chat/search_text makes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chat/search_text.hpp"
#include "model/message.hpp"

namespace store {

struct SearchQuery {
  std::vector<model::Id> channel_ids;  // where to look (never empty: the caller checks)
  chat::SearchTerms terms;             // empty: every message that passes the filters
  std::optional<model::Id> author_id;
  std::optional<model::Id> mentions;  // messages that mention this account
  bool has_attachment = false;
  bool has_link = false;            // content with http:// or https://
  std::optional<model::Id> before;  // ids strictly below
  std::optional<model::Id> after;   // ids strictly above
  int limit = 25;
  int offset = 0;
  model::Id reader_id = 0;  // whose reactions count as "me"
};

struct SearchResult {
  std::int64_t total = 0;                // every match, not only this page
  std::vector<model::Message> messages;  // newest first
};

class SearchStore {
 public:
  virtual ~SearchStore() = default;
  virtual SearchResult search_messages(const SearchQuery& query) = 0;
  // Indexes up to `limit` messages stored since the last call (new messages may be indexed
  // a little after their commit; edits and deletes change the index in their own
  // transaction). Returns how many were looked at: 0 when the index is up to date. Called by
  // the event writer between batches, and at start to fill the index of an upgraded database.
  virtual int index_pending_messages(int limit) = 0;
  // How many stored messages wait for the index (progress of a backfill).
  virtual std::int64_t messages_waiting_for_index() = 0;
};

}  // namespace store

#include "store/sqlite/search_candidates.hpp"

#include <algorithm>
#include <iterator>
#include <string>

namespace store::sqlite {
namespace {

using model::Id;

// A first look at each word reads at most this many postings: a word that has no more is the
// rare one the others are checked against.
constexpr std::size_t kFirstLook = 2048;
// Checking one candidate against a word's postings is a B-tree seek; reading a posting in order
// costs about a sixteenth of that. So a word with more postings than this many times the
// candidates is probed per candidate instead of read.
constexpr std::size_t kReadsPerProbe = 16;

struct Word {
  const std::string* token;
  bool prefix;  // the last word of the query: any token it begins
};

// Every text a prefix can continue with sorts below this bound (0xFF never occurs in UTF-8).
std::string prefix_end(const std::string& prefix) {
  return prefix + '\xFF';
}

std::string channel_list(std::size_t count) {
  std::string in = "(";
  for (std::size_t i = 0; i < count; ++i) in += i ? ",?" : "?";
  return in + ')';
}

// Up to limit + 1 postings of a word in the channels (so that "more than limit" shows), as
// message ids ascending, each once; limit 0: all of them.
std::vector<Id> read_postings(Connection& db, const Word& word, const std::vector<Id>& channels,
                              std::size_t limit) {
  std::string sql = word.prefix ? "SELECT message_id FROM search_postings "
                                  "WHERE term >= ? AND term < ? AND channel_id IN "
                                : "SELECT message_id FROM search_postings "
                                  "WHERE term = ? AND channel_id IN ";
  sql += channel_list(channels.size());
  if (limit) sql += " LIMIT ?";
  auto stmt = db.prepare(sql);
  int index = 1;
  stmt.bind(index++, *word.token);
  if (word.prefix) stmt.bind(index++, prefix_end(*word.token));
  for (Id channel : channels) stmt.bind(index++, channel);
  if (limit) stmt.bind(index, static_cast<std::int64_t>(limit + 1));
  std::vector<Id> ids;
  while (stmt.step()) ids.push_back(stmt.int64(0));
  // One word's rows come per channel in id order; a prefix's come term after term, the whole
  // word first when it is one (and then usually most of them): the rest is sorted and merged
  // into that first run.
  auto first_run_end = std::is_sorted_until(ids.begin(), ids.end());
  if (first_run_end != ids.end()) {
    std::sort(first_run_end, ids.end());
    std::inplace_merge(ids.begin(), first_run_end, ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
  return ids;
}

// The candidates that hold the word, one seek each in the message's own postings
// (search_postings_by_message: message_id, then term).
std::vector<Id> probe(Connection& db, const Word& word, const std::vector<Id>& candidates) {
  auto stmt = db.prepare(word.prefix ? "SELECT 1 FROM search_postings INDEXED BY "
                                       "search_postings_by_message WHERE message_id = ? "
                                       "AND term >= ? AND term < ? LIMIT 1"
                                     : "SELECT 1 FROM search_postings INDEXED BY "
                                       "search_postings_by_message WHERE message_id = ? "
                                       "AND term = ?");
  std::string end = word.prefix ? prefix_end(*word.token) : std::string();
  std::vector<Id> kept;
  stmt.bind(2, *word.token);
  if (word.prefix) stmt.bind(3, end);
  for (Id id : candidates) {
    stmt.bind(1, id);
    if (stmt.step()) kept.push_back(id);
    stmt.reset();
  }
  return kept;
}

std::vector<Id> intersect(const std::vector<Id>& a, const std::vector<Id>& b) {
  std::vector<Id> both;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  return both;
}

}  // namespace

std::vector<Id> messages_holding_terms(Connection& db, const std::vector<Id>& channel_ids,
                                       const chat::SearchTerms& terms) {
  std::vector<Word> words;
  for (std::size_t i = 0; i < terms.tokens.size(); ++i) {
    words.push_back({&terms.tokens[i], i + 1 == terms.tokens.size()});
  }
  // The rarest word found by a short look at each leads; with none short, the first does.
  std::size_t lead = 0;
  std::vector<Id> candidates;
  bool complete = false;
  for (std::size_t i = 0; i < words.size() && words.size() > 1; ++i) {
    auto look = read_postings(db, words[i], channel_ids, kFirstLook);
    if (look.size() <= kFirstLook && (!complete || look.size() < candidates.size())) {
      lead = i;
      candidates = std::move(look);
      complete = true;
      if (candidates.empty()) return candidates;
    }
  }
  if (!complete) candidates = read_postings(db, words[lead], channel_ids, 0);
  for (std::size_t i = 0; i < words.size() && !candidates.empty(); ++i) {
    if (i == lead) continue;
    auto limit = candidates.size() * kReadsPerProbe;
    auto postings = read_postings(db, words[i], channel_ids, limit);
    candidates = postings.size() <= limit ? intersect(candidates, postings)
                                          : probe(db, words[i], candidates);
  }
  return candidates;
}

}  // namespace store::sqlite

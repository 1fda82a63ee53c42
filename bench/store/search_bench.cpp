// parley-search-bench (SPEC §13, on SQLite, in-process): the price of the search index.
//  1. Durable messages/s of the group-committing writer without and with the index (the
//     writer indexes new messages in batches of its own after its commits), interleaved
//     rounds in the same run; and how soon the index had caught up with the last message.
//  2. A channel of --history messages (default 1,000,000) stored without the index, then the
//     index built from scratch (the backfill an upgraded database gets): its seconds.
//  3. Two-word queries on that channel (25 results, total_results counted): p50 and p99, for
//     words drawn from the whole vocabulary and for pairs of its 50 most common words.
//   parley-search-bench [--messages N (100000)] [--rounds R (3)] [--history H (1000000)]
//                       [--queries Q (500)] [--dir DIR]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/event_writer.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  long messages = 100000;
  int rounds = 3;
  long history = 1000000;
  int queries = 500;
  std::string dir;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string("0"); };
    if (arg == "--messages") {
      options.messages = std::stol(value());
    } else if (arg == "--rounds") {
      options.rounds = std::stoi(value());
    } else if (arg == "--history") {
      options.history = std::stol(value());
    } else if (arg == "--queries") {
      options.queries = std::stoi(value());
    } else if (arg == "--dir") {
      options.dir = value();
    } else {
      std::printf(
          "usage: parley-search-bench [--messages N] [--rounds R] [--history H] [--queries Q] "
          "[--dir DIR]\n");
      std::exit(arg == "--help" || arg == "-h" ? 0 : 2);
    }
  }
  if (options.messages < 1 || options.messages > 5'000'000 || options.rounds < 1 ||
      options.rounds > 20 || options.history < 1 || options.history > 5'000'000 ||
      options.queries < 1 || options.queries > 100000) {
    std::fprintf(stderr, "--messages 1..5e6, --rounds 1..20, --history 1..5e6, --queries 1..1e5\n");
    std::exit(2);
  }
  return options;
}

// A vocabulary of pronounceable words, used with Zipf frequencies (rank r about 1/r), as text.
class Text {
 public:
  explicit Text(int words) : words_(words) {
    static const char* syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "za", "pe",
                                      "qu", "do", "fi", "gu", "ha", "je", "bo", "ci", "xe", "wy"};
    for (int r = 0; r < words; ++r) {
      std::string word;
      int n = r + 20;
      while (n > 0) {
        word += syllables[n % 20];
        n /= 20;
      }
      vocabulary_.push_back(word);
    }
    double sum = 0;
    for (int r = 1; r <= words; ++r) cumulative_.push_back(sum += 1.0 / r);
  }
  const std::string& word(std::size_t rank) const { return vocabulary_[rank]; }
  std::size_t zipf(std::mt19937_64& rng) const {
    std::uniform_real_distribution<double> u(0, cumulative_.back());
    return std::lower_bound(cumulative_.begin(), cumulative_.end(), u(rng)) - cumulative_.begin();
  }
  std::string message(std::mt19937_64& rng) const {
    std::uniform_int_distribution<int> length(6, 14);
    std::string text;
    for (int i = 0, n = length(rng); i < n; ++i) {
      if (i) text += ' ';
      text += word(zipf(rng));
    }
    if (rng() % 20 == 0) text += " 안녕하세요 오늘 회의는 세시입니다";
    return text;
  }
  int size() const { return words_; }

 private:
  int words_;
  std::vector<std::string> vocabulary_;
  std::vector<double> cumulative_;
};

struct Fixture {
  std::unique_ptr<store::sqlite::SqliteStore> store;
  store::Id owner = 0, channel = 0;
};

Fixture open_fixture(const std::filesystem::path& path) {
  Fixture f;
  f.store = std::make_unique<store::sqlite::SqliteStore>(path.string());
  f.owner = *f.store->create_account({"bench", "x", false});
  auto category = *f.store->create_category("bench", std::nullopt);
  auto server = f.store->create_server({"Bench", std::nullopt, f.owner, category});
  f.channel = f.store->create_channel({server, f.owner, "general", ""});
  return f;
}

struct WriterRun {
  double acked_per_second = 0;
  double indexed_after = 0;  // seconds from the start until the index had every message
};

WriterRun writer_run(const std::filesystem::path& dir, long messages, bool indexed,
                     const Text& text) {
  auto f = open_fixture(dir / "writer.sqlite3");
  std::vector<std::string> contents;
  std::mt19937_64 rng(7);
  for (long i = 0; i < messages; ++i) contents.push_back(text.message(rng));
  WriterRun run;
  {
    store::EventWriter writer(*f.store, 1024, 65536, std::chrono::microseconds(0),
                              indexed ? f.store.get() : nullptr);
    std::atomic<long> acknowledged{0};
    std::atomic<long> next{0};
    auto started = Clock::now();
    std::vector<std::thread> producers;
    for (int p = 0; p < 4; ++p) {
      producers.emplace_back([&] {
        for (long i = next++; i < messages; i = next++) {
          store::ChannelOp op;
          op.channel_id = f.channel;
          op.actor_id = f.owner;
          op.content = contents[static_cast<std::size_t>(i)];
          while (!writer.submit(op, [&](store::OpResult r) {
            if (r.status == store::OpStatus::applied) acknowledged.fetch_add(1);
          })) {
            std::this_thread::sleep_for(std::chrono::microseconds(200));
          }
        }
      });
    }
    for (auto& producer : producers) producer.join();
    while (acknowledged.load() < messages)
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    auto acked = std::chrono::duration<double>(Clock::now() - started).count();
    run.acked_per_second = messages / acked;
    if (indexed) {
      while (f.store->messages_waiting_for_index() > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      run.indexed_after = std::chrono::duration<double>(Clock::now() - started).count();
    }
    writer.stop();
  }
  f.store.reset();
  std::filesystem::remove_all(dir / "writer.sqlite3");
  std::filesystem::remove_all(dir / "writer.sqlite3-wal");
  std::filesystem::remove_all(dir / "writer.sqlite3-shm");
  return run;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  auto index = static_cast<std::size_t>(std::ceil(p * values.size())) - 1;
  return values[std::min(index, values.size() - 1)];
}

void query_run(Fixture& f, const Text& text, int queries, bool common, const char* label) {
  std::mt19937_64 rng(common ? 11 : 13);
  std::uniform_int_distribution<int> any(0, text.size() - 1), top(0, 49);
  std::vector<double> ms;
  long matched = 0;
  for (int i = 0; i < queries; ++i) {
    auto a = common ? top(rng) : any(rng);
    auto b = common ? top(rng) : any(rng);
    store::SearchQuery query;
    query.channel_ids = {f.channel};
    query.terms = chat::search_terms(text.word(a) + " " + text.word(b));
    auto started = Clock::now();
    auto result = f.store->search_messages(query);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    matched += result.total;
  }
  std::printf(
      "queries (%s): %d two-word, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %.0f matches on "
      "average\n",
      label, queries, percentile(ms, 0.50), percentile(ms, 0.99), percentile(ms, 1.0),
      static_cast<double>(matched) / queries);
}

}  // namespace

int main(int argc, char** argv) {
  auto options = parse(argc, argv);
  namespace fs = std::filesystem;
  fs::path dir = options.dir.empty() ? fs::temp_directory_path() /
                                           ("parley-search-bench-" + std::to_string(::getpid()))
                                     : fs::path(options.dir);
  fs::create_directories(dir);
  Text text(20000);

  std::vector<double> plain, indexed;
  for (int round = 1; round <= options.rounds; ++round) {
    auto without = writer_run(dir, options.messages, false, text);
    auto with = writer_run(dir, options.messages, true, text);
    plain.push_back(without.acked_per_second);
    indexed.push_back(with.acked_per_second);
    std::printf(
        "round %d: writer %.0f msgs/s without the index, %.0f msgs/s with it (%.1f %% "
        "less); every message indexed %.2f s after the first was sent (%.0f msgs/s)\n",
        round, without.acked_per_second, with.acked_per_second,
        100.0 * (1 - with.acked_per_second / without.acked_per_second), with.indexed_after,
        options.messages / with.indexed_after);
    std::fflush(stdout);
  }
  auto median = [](std::vector<double> v) { return percentile(std::move(v), 0.5); };
  std::printf("writer median: %.0f msgs/s without, %.0f with: indexing costs %.1f %%\n",
              median(plain), median(indexed), 100.0 * (1 - median(indexed) / median(plain)));

  auto f = open_fixture(dir / "history.sqlite3");
  {
    auto started = Clock::now();
    std::mt19937_64 rng(3);
    std::vector<store::ChannelOp> batch;
    for (long i = 0; i < options.history; ++i) {
      store::ChannelOp op;
      op.channel_id = f.channel;
      op.actor_id = f.owner;
      op.content = text.message(rng);
      batch.push_back(std::move(op));
      if (batch.size() == 10000 || i + 1 == options.history) {
        f.store->apply_channel_ops(batch);
        batch.clear();
      }
    }
    std::printf("history: %ld messages stored in %.1f s (without the index)\n", options.history,
                std::chrono::duration<double>(Clock::now() - started).count());
  }
  {
    auto started = Clock::now();
    long rows = 0;
    while (int n = f.store->index_pending_messages(20000)) rows += n;
    std::printf("index build: %ld messages in %.1f s\n", rows,
                std::chrono::duration<double>(Clock::now() - started).count());
  }
  std::fflush(stdout);
  query_run(f, text, options.queries, false, "words from the whole vocabulary");
  query_run(f, text, std::max(1, options.queries / 5), true, "pairs of the 50 most common words");
  f.store.reset();
  if (options.dir.empty()) fs::remove_all(dir);
  return 0;
}

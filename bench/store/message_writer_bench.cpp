// parley-writer-bench: how many chat messages per second the group-commit writer stores and
// acknowledges (a message counts once its transaction has committed, fsync included), with
// several producer threads submitting as fast as the bounded queue lets them.
//   parley-writer-bench [--messages N] [--producers P] [--dir DIR] [--database postgresql://...]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "store/event_writer.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

struct Options {
  long messages = 200000;
  int producers = 4;
  std::string dir;
  std::string database;  // a PostgreSQL URL (an empty database); empty: SQLite in dir
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&] {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return std::string(argv[++i]);
    };
    if (arg == "--messages") {
      options.messages = std::stol(value());
    } else if (arg == "--producers") {
      options.producers = std::stoi(value());
    } else if (arg == "--dir") {
      options.dir = value();
    } else if (arg == "--database") {
      options.database = value();
    } else {
      std::printf(
          "usage: parley-writer-bench [--messages N (200000)] [--producers P (4)] [--dir DIR]\n"
          "       [--database postgresql://... (an empty PostgreSQL database instead)]\n"
          "Stores N messages through store::MessageWriter into a fresh SQLite database\n"
          "(synchronous=FULL) and reports acknowledged messages/s and batch sizes.\n");
      std::exit(arg == "--help" || arg == "-h" ? 0 : 2);
    }
  }
  if (options.messages < 1 || options.messages > 10'000'000 || options.producers < 1 ||
      options.producers > 64) {
    std::fprintf(stderr, "--messages 1..10000000, --producers 1..64\n");
    std::exit(2);
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  auto options = parse(argc, argv);
  namespace fs = std::filesystem;
  fs::path dir = options.dir.empty() ? fs::temp_directory_path() /
                                           ("parley-writer-bench-" + std::to_string(::getpid()))
                                     : fs::path(options.dir);
  fs::create_directories(dir);
  long acknowledged_total = 0;
  {
    std::unique_ptr<store::Store> opened;
    if (options.database.empty()) {
      opened = std::make_unique<store::sqlite::SqliteStore>((dir / "bench.sqlite3").string());
    } else {
      opened = std::make_unique<store::postgres::PostgresStore>(options.database);
    }
    auto& store = *opened;
    auto owner = *store.create_account({"bench", "x", false});
    auto category = *store.create_category("bench", std::nullopt);
    auto server = store.create_server({"Bench", std::nullopt, owner, category});
    auto channel = store.create_channel({server, owner, "general", ""});

    store::EventWriter writer(store);
    std::atomic<long> acknowledged{0};
    std::atomic<long> next{0};
    auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> producers;
    for (int p = 0; p < options.producers; ++p) {
      producers.emplace_back([&] {
        for (long i = next++; i < options.messages; i = next++) {
          store::ChannelOp message;
          message.channel_id = channel;
          message.actor_id = owner;
          message.content = "benchmark message " + std::to_string(i);
          while (!writer.submit(message, [&](store::OpResult result) {
            if (result.status == store::OpStatus::applied) {
              acknowledged.fetch_add(1, std::memory_order_relaxed);
            }
          })) {
            std::this_thread::sleep_for(std::chrono::microseconds(200));  // queue full
          }
        }
      });
    }
    for (auto& producer : producers) producer.join();
    while (acknowledged.load() < options.messages) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    acknowledged_total = acknowledged.load();
    std::printf(
        "writer: %ld messages acknowledged after commit in %.2f s = %.0f msgs/s; %llu "
        "transactions, %.1f messages per transaction\n",
        acknowledged_total, seconds, acknowledged_total / seconds,
        static_cast<unsigned long long>(writer.batches_committed()),
        static_cast<double>(writer.ops_committed()) /
            static_cast<double>(std::max<std::uint64_t>(1, writer.batches_committed())));
    writer.stop();
  }
  if (options.dir.empty()) fs::remove_all(dir);
  return acknowledged_total == options.messages ? 0 : 1;
}

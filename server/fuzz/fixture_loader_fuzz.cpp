// `parley load`'s fixture format (app/fixture_loader) into a real SQLite store: whatever the
// JSON, the load either succeeds or throws FixtureError, and a failed load changes nothing.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "app/fixture_loader.hpp"
#include "fuzz_check.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

namespace fs = std::filesystem;

// One store per process, on tmpfs when there is one (the loader's commits then cost no disk
// flush), renewed now and then so that it stays small.
class FuzzStore {
 public:
  store::Store& get() {
    if (!store_ || ++uses_ > 2000) renew();
    return *store_;
  }
  ~FuzzStore() {
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

 private:
  void renew() {
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
    fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    dir_ = base / ("parley-fuzz-fixture-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    store_ = std::make_unique<store::sqlite::SqliteStore>((dir_ / "parley.sqlite3").string());
    uses_ = 0;
  }
  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  int uses_ = 0;
};

FuzzStore fuzz_store;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  std::string json(reinterpret_cast<const char*>(data), size);
  auto& store = fuzz_store.get();
  auto categories_before = store.list_categories().size();
  try {
    auto first = app::load_fixture(store, json);
    // Idempotent: the same file again creates nothing.
    auto second = app::load_fixture(store, json);
    FUZZ_CHECK(second.users_created == 0 && second.categories_created == 0 &&
               second.servers_created == 0 && second.channels_created == 0 &&
               second.memberships_created == 0);
    FUZZ_CHECK(store.list_categories().size() ==
               categories_before + static_cast<std::size_t>(first.categories_created));
  } catch (const app::FixtureError&) {
    FUZZ_CHECK(store.list_categories().size() == categories_before);  // all or nothing
  }
  return 0;
}

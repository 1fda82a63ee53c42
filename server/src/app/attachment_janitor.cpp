#include "app/attachment_janitor.hpp"

#include <boost/asio/post.hpp>
#include <unordered_set>

#include "util/log.hpp"
#include "util/time.hpp"

namespace app {

AttachmentJanitor::AttachmentJanitor(boost::asio::io_context& timer_context,
                                     boost::asio::thread_pool& db_pool, store::Store& store,
                                     storage::BlobStore& blobs, std::chrono::seconds unused_grace,
                                     std::chrono::seconds interval)
    : timer_(timer_context),
      db_pool_(db_pool),
      store_(store),
      blobs_(blobs),
      unused_grace_(unused_grace),
      interval_(interval) {}

void AttachmentJanitor::start() {
  sweep_now();
  schedule();
}

void AttachmentJanitor::schedule() {
  timer_.expires_after(interval_);
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    self->sweep_now();
    self->schedule();
  });
}

void AttachmentJanitor::sweep_now() {
  // One sweep at a time; a request during one makes it go round once more.
  if (sweeping_.exchange(true)) {
    again_ = true;
    return;
  }
  boost::asio::post(db_pool_, [self = shared_from_this()] {
    constexpr int kBatch = 200;
    std::int64_t removed = 0;
    do {
      self->again_ = false;
      try {
        for (;;) {
          auto cutoff =
              util::now_micros() -
              std::chrono::duration_cast<std::chrono::microseconds>(self->unused_grace_).count();
          auto rows = self->store_.reapable_attachments(cutoff, kBatch);
          if (rows.empty()) break;
          std::vector<model::Id> ids;
          for (const auto& row : rows) ids.push_back(row.id);
          // Rows first, files after: a send racing the sweep either took the upload (its row
          // stays, and its file) or finds it gone.
          auto deleted = self->store_.delete_reapable_attachments(ids, cutoff);
          std::unordered_set<model::Id> gone(deleted.begin(), deleted.end());
          for (const auto& row : rows) {
            if (!gone.count(row.id)) continue;
            self->blobs_.remove(row.storage_key);
            if (row.thumbnail_key) self->blobs_.remove(*row.thumbnail_key);
          }
          removed += static_cast<std::int64_t>(deleted.size());
          if (rows.size() < static_cast<std::size_t>(kBatch)) break;
        }
      } catch (const std::exception& e) {
        util::LogEvent("attachments.sweep_failed").add("error", e.what()).warn();
      }
    } while (self->again_);
    self->sweeping_ = false;
    if (removed > 0) util::LogEvent("attachments.removed").add("files", removed).info();
  });
}

}  // namespace app

#include "app/progress_line.hpp"

#include <unistd.h>

namespace app {

ProgressLine::ProgressLine(std::FILE* out) : out_(out), tty_(isatty(fileno(out)) != 0) {}

ProgressLine::~ProgressLine() {
  finish();
}

void ProgressLine::update(const std::string& stage, std::int64_t done, std::int64_t total) {
  bool new_stage = stage != stage_;
  if (new_stage) {
    finish();
    stage_ = stage;
    last_tenth_ = -1;
  }
  if (total <= 0) {
    if (new_stage) std::fprintf(out_, "%s...\n", stage.c_str());
    std::fflush(out_);
    return;
  }
  double fraction = done >= total ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  if (tty_) {
    constexpr int kWidth = 30;
    int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(out_, "\r%-12s [%s] %3d%%  %lld/%lld", stage.c_str(), bar.c_str(),
                 static_cast<int>(fraction * 100), static_cast<long long>(done),
                 static_cast<long long>(total));
    open_ = true;
  } else {
    int tenth = static_cast<int>(fraction * 10);
    if (tenth == last_tenth_) return;
    last_tenth_ = tenth;
    std::fprintf(out_, "%s: %lld/%lld (%d%%)\n", stage.c_str(), static_cast<long long>(done),
                 static_cast<long long>(total), static_cast<int>(fraction * 100));
  }
  std::fflush(out_);
}

void ProgressLine::finish() {
  if (open_) {
    std::fprintf(out_, "\n");
    std::fflush(out_);
    open_ = false;
  }
}

}  // namespace app

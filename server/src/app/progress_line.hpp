// Progress of a long command: a bar redrawn in place on a terminal, plain lines (at most one
// per stage per tenth of it) when the output goes to a file or a pipe.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

namespace app {

class ProgressLine {
 public:
  explicit ProgressLine(std::FILE* out);
  ~ProgressLine();  // ends a bar left open

  // total 0: a stage of unknown length (one line when it starts).
  void update(const std::string& stage, std::int64_t done, std::int64_t total);
  void finish();  // ends the bar's line

 private:
  std::FILE* out_;
  bool tty_;
  bool open_ = false;
  std::string stage_;
  int last_tenth_ = -1;
};

}  // namespace app

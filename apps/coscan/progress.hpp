#pragma once
// A progress line on a terminal (stderr), or a log line every few seconds otherwise.
#include <chrono>
#include <cstdint>

namespace coscan::app {

class Progress {
public:
  explicit Progress(std::uint64_t total, bool quiet);
  void update(std::uint64_t done);
  void finish();

private:
  using Clock = std::chrono::steady_clock;
  std::uint64_t total_;
  bool enabled_, tty_;
  Clock::time_point start_, last_;
  bool drawn_ = false;
};

} // namespace coscan::app

#pragma once
// A progress line on a terminal (stderr), or a log line every few seconds otherwise.
#include <coscan/jobs/run_study.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

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

/// A run's progress line for jobs' observers (rank 0; nothing when quiet): each command's
/// printer adds its own header (planned()).
class ProgressPrinter : public jobs::RunObserver {
public:
  explicit ProgressPrinter(bool quiet) : quiet_(quiet) {}
  void progress_begin(std::uint64_t total) override { progress_.emplace(total, quiet_); }
  void progress(std::uint64_t done) override { progress_->update(done); }
  void progress_end() override { progress_->finish(); }

protected:
  bool quiet_;

private:
  std::optional<Progress> progress_;
};

} // namespace coscan::app

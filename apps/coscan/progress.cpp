#include "progress.hpp"
#include "format.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace coscan::app {

Progress::Progress(std::uint64_t total, bool quiet)
    : total_(total), enabled_(!quiet), tty_(::isatty(STDERR_FILENO) != 0), start_(Clock::now()),
      last_(start_) {}

void Progress::update(std::uint64_t done) {
  if (!enabled_)
    return;
  const auto now = Clock::now();
  const auto interval = tty_ ? std::chrono::milliseconds(200) : std::chrono::seconds(10);
  // A terminal line is redrawn at the end too; a log only gets a line per interval.
  if (now - last_ < interval && (!tty_ || done < total_))
    return;
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const double fraction = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  if (tty_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    fmt::print(stderr, "\r[{}{}] {:5.1f}%  {} pairs/s  ETA {:.0f} s ",
               std::string(static_cast<std::size_t>(filled), '#'),
               std::string(static_cast<std::size_t>(kWidth - filled), '.'), 100 * fraction,
               si(rate), eta);
    drawn_ = true;
  } else {
    fmt::print(stderr, "progress: {} of {} pairs ({:.1f}%), {} pairs/s, ETA {:.0f} s\n",
               with_commas(done), with_commas(total_), 100 * fraction, si(rate), eta);
  }
}

void Progress::finish() {
  if (drawn_)
    fmt::print(stderr, "\r{:60}\r", "");
}

} // namespace coscan::app

#pragma once
// The wave loop, shared by the cross-product and the pair sweeps: a rank's tiles run as one
// wave, or, with checkpointing, in waves of a few tiles per thread, asking between waves whether
// a checkpoint is due or a stop was requested (SweepOptions).
#include <coscan/engine/sweep/sweep.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>

namespace coscan::engine::detail {

/// Runs tiles [next, last) through run(first, end). With options.checkpoint set, in waves of
/// `wave_tiles`, passing state_now(next tile) to options.checkpoint when one is due or a stop
/// is requested; returns true when stopped (after its checkpoint). A stop that arrives once the
/// rank's tiles are done still stops it with a checkpoint, like the other ranks that got the
/// same signal mid-sweep: otherwise this one would go on into the merge and wait there for
/// ranks that have left.
inline bool run_waves(std::uint64_t next, std::uint64_t last, std::uint64_t wave_tiles,
                      const SweepOptions &options,
                      const std::function<void(std::uint64_t, std::uint64_t)> &run,
                      const std::function<SweepState(std::uint64_t next_tile)> &state_now) {
  const bool checkpointing = options.checkpoint != nullptr;
  const auto stop_requested = [&] { return options.stop_requested && options.stop_requested(); };
  if (!checkpointing) {
    run(next, last);
    return false;
  }
  while (next < last) {
    const std::uint64_t wave_end = std::min(last, next + std::max<std::uint64_t>(1, wave_tiles));
    run(next, wave_end);
    next = wave_end;
    if (next == last)
      break;
    const bool stopped = stop_requested();
    if (stopped || (options.checkpoint_due && options.checkpoint_due()))
      options.checkpoint(state_now(next));
    if (stopped)
      return true;
  }
  if (stop_requested()) {
    options.checkpoint(state_now(next));
    return true;
  }
  return false;
}

} // namespace coscan::engine::detail

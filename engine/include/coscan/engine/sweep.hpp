#pragma once
// An exhaustive sweep of a Problem's pair space: tiles (an architecture block x an accelerator
// block) run as oneTBB tasks; one cost table per accelerator block is shared by all of its
// architecture blocks; each thread reduces into its own Pareto reducer, and the reducers merge
// at the end. The result is a set, sorted by pair: it does not depend on the thread count.
#include <coscan/engine/pareto_reducer.hpp>
#include <coscan/engine/problem.hpp>

#include <cstdint>
#include <functional>

namespace coscan::engine {

struct SweepOptions {
  std::uint64_t arch_block = 1024; ///< architectures per tile
  std::uint64_t accel_block = 64;  ///< accelerators per tile (and per cost table)
  /// Called now and then with the number of pairs done so far (from any thread, serialised).
  std::function<void(std::uint64_t pairs_done)> progress;
};

/// Seconds per phase, summed over threads (so they can exceed wall time).
struct SweepTimings {
  double cost_tables_s = 0;
  double evaluation_s = 0;
  double reduction_s = 0;
  double merge_s = 0; ///< wall time of the final merge
};

struct SweepResult {
  ParetoReducer pareto;
  std::uint64_t pairs_evaluated = 0;
  std::uint64_t tiles = 0;
  /// Architectures whose pairs reached the Pareto reducer (ParetoCandidates); the others
  /// were evaluated but are provably dominated.
  std::uint64_t pareto_candidate_archs = 0;
  double wall_s = 0;
  int threads = 1;
  SweepTimings timings;
};

SweepResult run_sweep(const Problem &problem, const SweepOptions &options);

} // namespace coscan::engine

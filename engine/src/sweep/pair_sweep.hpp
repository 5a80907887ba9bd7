#pragma once
// Internal: the sweep of an independent-pair sample (Problem::pair_sample), run_sweep's other
// half.
#include <coscan/engine/sweep/sweep.hpp>

namespace coscan::engine::detail {

/// Tiles are runs of arch_block x accel_block pairs of the sorted pair list; each builds one
/// cost table of its distinct accelerators and evaluates its pairs one by one (bit-identical
/// to evaluate_tile). Scheduling, checkpoints and results as run_sweep documents.
SweepResult run_pair_sweep(const Problem &problem, const SweepOptions &options);

} // namespace coscan::engine::detail

#pragma once
// Folding the ranks' sweep results together at the end of an MPI run.
#include <coscan/engine/mpi_session.hpp>
#include <coscan/engine/sweep.hpp>

namespace coscan::engine {

/// Folds every rank's result into rank 0's up a binary tree of point-to-point messages: the
/// Pareto fronts (sets, so the result does not depend on the tree's shape), the pair counts and
/// per-phase seconds (summed) and the wall time (the longest). On other ranks `result` is left
/// partial. A no-op without an active multi-rank session.
void merge_to_root(SweepResult &result, const MpiSession &session);

} // namespace coscan::engine

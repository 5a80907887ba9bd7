#pragma once
// Folding the ranks' reducers together at the end of an MPI run.
#include <coscan/engine/analyses/ranking_reducer.hpp>
#include <coscan/engine/mpi/mpi_session.hpp>
#include <coscan/engine/sweep/sweep.hpp>

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace coscan::engine {

/// Folds every rank's state into rank 0's up a binary tree of point-to-point messages: at step
/// s, each rank that is an odd multiple of 2^s sends save() to the rank 2^s below and drops
/// out; that rank calls merge() on the bytes. A no-op without an active multi-rank session.
void tree_merge(const MpiSession &session, const std::function<std::vector<std::byte>()> &save,
                const std::function<void(std::span<const std::byte>)> &merge);

/// Rank 0's `bytes` on every rank (a no-op without an active multi-rank session).
void broadcast_from_root(const MpiSession &session, std::vector<std::byte> &bytes);

/// tree_merge, then rank 0's merged state on every rank: `load` replaces a rank's state by it.
void merge_everywhere(const MpiSession &session,
                      const std::function<std::vector<std::byte>()> &save,
                      const std::function<void(std::span<const std::byte>)> &merge,
                      const std::function<void(std::span<const std::byte>)> &load);

/// The sweep's results: the Pareto fronts (sets, so the result does not depend on the tree's
/// shape), the pair counts and per-phase seconds (summed) and the wall time (the longest). On
/// other ranks `result` is left partial.
void merge_to_root(SweepResult &result, const MpiSession &session);

/// A ranking reducer: each rank holds the accelerators of its own blocks; rank 0 ends up with
/// all of them.
void merge_to_root(RankingReducer &ranking, const MpiSession &session);

} // namespace coscan::engine

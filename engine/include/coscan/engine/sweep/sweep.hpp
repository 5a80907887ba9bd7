#pragma once
// An exhaustive sweep of a Problem's pair space: tiles (an architecture block x an accelerator
// block) run as oneTBB tasks; one cost table per accelerator block is shared by all of its
// architecture blocks; each thread reduces into its own Pareto reducer, and the reducers merge
// at the end. The result is a set, sorted by pair: it does not depend on the thread count.
#include <coscan/engine/evaluation/pair_tile.hpp>
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/reduction/pareto_reducer.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace coscan::engine {

/// Seconds per phase, summed over threads (so they can exceed wall time).
struct SweepTimings {
  double cost_tables_s = 0;
  double evaluation_s = 0;
  double reduction_s = 0;
  double merge_s = 0; ///< wall time of the final merge
  /// Wall time of finding the Pareto candidate architectures and accelerators, before the tiles.
  double candidates_s = 0;
};

/// A sweep's state between two waves of tiles: what a checkpoint saves and a resume restores.
/// The rank's tiles before `next_tile` are done; those from it on are not.
struct SweepState {
  std::uint64_t next_tile = 0;
  std::vector<std::byte> front;      ///< ParetoFront::save() of the pairs swept so far
  std::uint64_t pairs_evaluated = 0; ///< pairs swept (see SweepResult)
  double wall_s = 0;
  SweepTimings timings;
  std::uint64_t pairs_computed = 0; ///< see SweepResult
};

struct SweepOptions {
  std::uint64_t arch_block = 1024; ///< architectures per tile
  std::uint64_t accel_block = 64;  ///< accelerators per tile (and per cost table)
  /// This process's share of an MPI run: tiles, numbered accelerator-block-major, are cut
  /// into num_ranks contiguous ranges and rank r sweeps range r (a pure function of the study,
  /// so results never depend on timing).
  int rank = 0;
  int num_ranks = 1;
  /// Called now and then with the number of pairs done so far (from any thread, serialised).
  std::function<void(std::uint64_t pairs_done)> progress;
  /// Called with every evaluated tile and where it sits in the swept order (its first
  /// architecture and accelerator positions), from any thread and possibly concurrently.
  std::function<void(std::uint64_t arch_position, std::uint64_t accel_position,
                     const TileMetrics &tile)>
      tile_sink;
  /// The same for an independent-pair sample: the tile's pairs are the sorted pair list's
  /// positions [first_pair, first_pair + tile.num_pairs()).
  std::function<void(std::uint64_t first_pair, const PairTile &tile)> pair_sink;

  /// Continue from a checkpoint's state (same study, rank and rank count), or start afresh.
  const SweepState *resume = nullptr;
  /// Checkpointing. The rank's tiles run in waves of a few accelerator blocks; between waves
  /// the sweep asks checkpoint_due() and stop_requested(), and when either is true it passes
  /// its state to checkpoint(). After a stop it returns with SweepResult::stopped set.
  std::function<bool()> checkpoint_due;
  std::function<bool()> stop_requested;
  std::function<void(const SweepState &)> checkpoint;
};

/// Tiles [first, last) of the sweep's tile order that `rank` of `num_ranks` runs. (An
/// independent-pair sample's tiles are runs of arch_block x accel_block pairs of its sorted
/// list.)
struct TileRange {
  std::uint64_t first = 0, last = 0;
};
TileRange tiles_of_rank(std::uint64_t num_tiles, int rank, int num_ranks);

/// The tiles options.rank of options.num_ranks sweeps, of `problem`'s whole tile order (a cross
/// product's, or an independent-pair sample's): the order of a sweep with a tile sink, of the
/// analyses' passes and of the dataset's shards. A cross-product sweep without a tile sink
/// numbers its tiles over the Pareto candidate accelerators only (SweepResult::tile_range).
TileRange rank_tiles(const Problem &problem, const SweepOptions &options);

/// The accelerator blocks whose analyses (ranking, verify) options.rank of options.num_ranks
/// runs: those whose first tile (architecture block 0) is in its tile range, so each block has
/// exactly one owner for any number of ranks. Not for independent-pair samples.
struct BlockRange {
  std::uint64_t first = 0, last = 0;
};
BlockRange rank_accel_blocks(const Problem &problem, const SweepOptions &options);

struct SweepResult {
  explicit SweepResult(ParetoReducer reducer) : pareto(std::move(reducer)) {}
  ParetoReducer pareto;
  /// Pairs swept: every pair of the rank's tiles, each accounted for (computed, or provably
  /// dominated by or equal to a computed pair).
  std::uint64_t pairs_evaluated = 0;
  std::uint64_t tiles = 0;
  /// Architectures that can be Pareto-optimal (ParetoCandidates); the others are provably
  /// dominated. Of these, only each group's representative reaches the reducer.
  std::uint64_t pareto_candidate_archs = 0;
  /// Accelerators that can be Pareto-optimal (ParetoCandidateAccels): without a tile sink, the
  /// others are provably dominated on every architecture and never swept.
  std::uint64_t pareto_candidate_accels = 0;
  /// The rank's tiles of the order the sweep numbered (see rank_tiles): where a checkpoint of
  /// the finished sweep stands.
  TileRange tile_range;
  double wall_s = 0;
  int threads = 1;
  SweepTimings timings;
  bool stopped = false; ///< stop_requested() ended the sweep early (after a checkpoint)
  /// Pairs whose metrics the kernel computed. Without a tile_sink, only the Pareto candidates'
  /// representatives (ParetoCandidates) are computed: on NAS-Bench-201, 195 architectures of
  /// 15,625.
  std::uint64_t pairs_computed = 0;
  /// The front a checkpoint of the finished sweep holds (ParetoFront::save()): the
  /// representatives' pairs, before add_ties. Empty for an independent-pair sample (there
  /// `pareto` is that front).
  std::vector<std::byte> state_front;
};

SweepResult run_sweep(const Problem &problem, const SweepOptions &options);

} // namespace coscan::engine

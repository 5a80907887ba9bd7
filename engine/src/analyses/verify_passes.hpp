#pragma once
// Internal to verify: the passes over the full pair space (tiles of architecture blocks x
// accelerator blocks, factorised evaluation, oneTBB) that build the ground truth and the proxy
// sweep. Every reduction is a minimum under a total order, so the thread count cannot change
// a result.
#include <coscan/engine/analyses/verify.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/evaluation/tile_metrics.hpp>
#include <coscan/engine/reduction/pareto_reducer.hpp>
#include <coscan/engine/sweep/sweep.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

namespace coscan::engine::detail {

/// The architectures of a problem (or a subset of positions), gathered once in blocks.
class ArchTiles {
public:
  ArchTiles(const Problem &problem, std::span<const std::uint64_t> positions, std::uint64_t block);
  std::size_t num_blocks() const { return blocks_.size(); }
  const ArchBlock &block(std::size_t i) const { return blocks_[i]; }
  /// Position (in the problem's list) of architecture a of block i.
  std::uint64_t position(std::size_t i, std::size_t a) const { return positions_[i * block_ + a]; }
  std::uint64_t size() const { return positions_.size(); }

private:
  std::vector<std::uint64_t> positions_;
  std::uint64_t block_;
  std::vector<ArchBlock> blocks_;
};

/// Calls visit(tile, first_accel_position) for every tile of (archs x all accelerators), in
/// parallel; tile.arch_index holds space indices, see ArchTiles::position for positions.
/// visit(tile, accel_first, arch_block) runs concurrently: it must only touch thread-local or
/// disjoint state.
/// Only accelerator blocks [blocks.first, blocks.last): this rank's share (rank_accel_blocks).
void for_each_tile(const Problem &problem, const ArchTiles &archs, std::uint64_t accel_block,
                   BlockRange blocks,
                   const std::function<void(const TileMetrics &, std::uint64_t accel_first,
                                            std::size_t arch_block)> &visit);

/// Per architecture position: the best (smallest signed value, then lowest accelerator
/// position) feasible pair of a constrained target.
struct ArchBest {
  double value = std::numeric_limits<double>::infinity(); ///< signed: minimised
  std::uint64_t accel = std::numeric_limits<std::uint64_t>::max();
  bool feasible() const { return accel != std::numeric_limits<std::uint64_t>::max(); }
  bool better_than(const ArchBest &o) const {
    return value != o.value ? value < o.value : accel < o.accel;
  }
};

/// The signed (minimised) value of a constrained target on a pair.
inline double signed_value(const VerifyTarget &t, const TileMetrics &tile, std::size_t a,
                           std::size_t j) {
  return t.kind == TargetKind::maximize_accuracy ? -tile.accuracy[a] : tile.value(t.metric, a, j);
}
inline bool feasible(const VerifyTarget &t, const TileMetrics &tile, std::size_t a, std::size_t j) {
  // An unbounded area is no constraint, even where area is not applicable (NaN: a pair table).
  return tile.accuracy[a] >= t.accuracy_min &&
         tile.latency_s[a * tile.accel_count + j] <= t.latency_max_s &&
         (t.area_max_mm2 == std::numeric_limits<double>::infinity() ||
          tile.area_mm2[j] <= t.area_max_mm2);
}

/// best[t][a] for every constrained target t (an empty vector for the Pareto target), over
/// the accelerators of `blocks`.
std::vector<std::vector<ArchBest>> best_per_arch(const Problem &problem, const ArchTiles &archs,
                                                 const std::vector<VerifyTarget> &targets,
                                                 std::uint64_t accel_block, BlockRange blocks);
/// Saved per-architecture bests, and the merge of another's (the better of the two, per entry).
std::vector<std::byte> save_best(const std::vector<std::vector<ArchBest>> &best);
void merge_best(std::vector<std::vector<ArchBest>> &best, std::span<const std::byte> state);

/// The exact Pareto front of (positions x the accelerators of `blocks`) over `objectives`.
ParetoFront reduced_front(const Problem &problem, std::span<const std::uint64_t> positions,
                          const std::vector<Objective> &objectives, std::uint64_t arch_block,
                          std::uint64_t accel_block, BlockRange blocks);

/// The metric column of one accelerator over every architecture (by position).
std::vector<double> proxy_column(const Problem &problem, const ArchTiles &archs,
                                 std::uint64_t proxy, Metric metric);

/// Everything the proxy sweep needs from the ground truth.
struct SweepTruth {
  const std::vector<VerifyTarget> &targets;
  const std::vector<std::vector<ArchBest>> &best;               ///< per target and arch
  const std::vector<TargetOptimum> &optima;                     ///< per target
  const std::vector<std::vector<std::uint32_t>> &optimal_archs; ///< per target: positions
  const std::vector<std::uint32_t> &pareto_archs; ///< positions with a true Pareto pair
  const std::vector<std::uint64_t> &pareto_pairs_per_arch;
  std::uint64_t pareto_size;
};

/// One ProxySweep per semi-decoupled rule in `rules` (its index in `rule_index`), with the
/// figures of the proxies in accelerator blocks `blocks` (`done` marks them, per proxy
/// number); the summaries are left to summarise_proxy_sweeps() once every proxy is done.
std::vector<ProxySweep> sweep_proxies(const Problem &problem, const ArchTiles &archs,
                                      const std::vector<ReductionRule> &rules,
                                      const std::vector<std::size_t> &rule_index,
                                      std::span<const std::uint64_t> proxies,
                                      const SweepTruth &truth, std::uint64_t accel_block,
                                      BlockRange blocks, std::vector<std::uint8_t> &done);
/// The per-proxy figures of the proxies marked done, and the merge of another rank's.
std::vector<std::byte> save_proxy_sweeps(const std::vector<ProxySweep> &sweeps,
                                         const std::vector<std::uint8_t> &done);
void merge_proxy_sweeps(std::vector<ProxySweep> &sweeps, std::vector<std::uint8_t> &done,
                        std::span<const std::byte> state);
void summarise_proxy_sweeps(std::vector<ProxySweep> &sweeps);

/// Relative regret of `reduced` against the optimum (both signed, minimised).
inline double relative_regret(double reduced, double optimum) {
  const double scale = optimum != 0 ? (optimum < 0 ? -optimum : optimum) : 1.0;
  return (reduced - optimum) / scale;
}

} // namespace coscan::engine::detail

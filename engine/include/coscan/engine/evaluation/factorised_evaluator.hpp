#pragma once
// Factorised evaluation: metrics[archs x accels] = H[archs x shapes] . T[shapes x accels].
// H (the architectures' layer counts) is gathered per architecture block; T is a CostTable.
#include <coscan/engine/evaluation/cost_table.hpp>
#include <coscan/engine/evaluation/pair_metrics.hpp>
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/evaluation/tile_metrics.hpp>
#include <coscan/engine/reduction/pareto_candidates.hpp>
#include <coscan/engine/reduction/pareto_front.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace coscan::engine {

/// The layer counts and accuracies of a block of architectures (H, compressed by rows).
struct ArchBlock {
  std::uint64_t count = 0;
  std::vector<std::uint64_t> index;     ///< the architectures' indices in the space
  std::vector<std::uint32_t> row_start; ///< count + 1 offsets into shape/count
  std::vector<std::uint32_t> shape;
  std::vector<double> count_value; ///< layer counts as doubles, ready for the dot product
  std::vector<double> accuracy;
  std::vector<double> params; ///< trainable parameters (the per-network term's input)
  std::vector<std::uint8_t> pareto_candidate; ///< 1 where the architecture can be Pareto-optimal

  /// Gathers the architectures with these indices; `candidates` (optional) marks the ones the
  /// Pareto reducer must see, otherwise all are marked.
  void gather(const Problem &problem, std::span<const std::uint64_t> indices,
              const ParetoCandidates *candidates = nullptr);
  /// Gathers architectures [first_arch, first_arch + num_archs) of the space.
  void gather(const Problem &problem, std::uint64_t first_arch, std::uint64_t num_archs,
              const ParetoCandidates *candidates = nullptr);
};

/// Fills `out` with the metrics of every pair of (archs x the table's accelerators).
void evaluate_tile(const ArchBlock &archs, const CostTable &table, TileMetrics &out);

/// The metrics of one pair by the factorised path (bit-identical to evaluate_tile's).
PairMetrics evaluate_pair_factorised(const Problem &problem, std::uint64_t arch,
                                     std::uint64_t accel);

} // namespace coscan::engine

#pragma once
// Any list of (architecture, accelerator) pairs through the sweep's kernel, on the worker
// threads: coscan's evaluator from Python (a search algorithm's cost model), and
// evaluate_pairs. Every pair gets the bits a sweep computes for it, whatever the list's order,
// length or the thread count.
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/evaluation/problem.hpp>

#include <coscan/engine/evaluation/cost_table.hpp>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

namespace coscan::engine {

/// Where PairEvaluator::evaluate writes: pair i's metrics at [i] of each column (n values each).
struct PairColumns {
  double *accuracy;
  double *latency_s;
  double *energy_j;
  double *area_mm2;
};

class PairEvaluator {
public:
  /// Gathers the architecture space once when it is small (NB201: 15,625 architectures, a few
  /// ms); a small accelerator space's cost tables are built once the calls have asked for as
  /// many pairs as the space has accelerators, and kept.
  /// `problem` must outlive the evaluator.
  explicit PairEvaluator(const Problem &problem);

  /// Pair i is (archs[i], accels[i]), indices in the spaces (not positions in a study's
  /// sample). Throws std::out_of_range, naming the index, for one beyond its space, and
  /// std::invalid_argument when the lists' lengths differ. Thread-safe: calls may overlap.
  void evaluate(std::span<const std::uint64_t> archs, std::span<const std::uint64_t> accels,
                const PairColumns &out) const;

private:
  /// Small accelerator spaces, once enough pairs were asked: in the list's order, kept tables.
  void evaluate_in_order(std::span<const std::uint64_t> archs,
                         std::span<const std::uint64_t> accels, const PairColumns &out) const;
  /// Otherwise: the pairs sorted by accelerator, each run building its own columns.
  void evaluate_sorted(std::span<const std::uint64_t> archs, std::span<const std::uint64_t> accels,
                       const PairColumns &out) const;

  const Problem &problem_;
  std::optional<ArchBlock> space_;
  bool keeps_tables_ = false;
  mutable std::once_flag tables_built_;
  mutable std::atomic<std::uint64_t> pairs_asked_{0}; ///< over every call so far
  mutable std::vector<CostTable> tables_; ///< accelerators [64 b, 64 b + 64) in tables_[b]
};

/// The metrics of a list of pairs, in the list's order (a PairEvaluator's, for tests and tools).
std::vector<PairMetrics> evaluate_pairs(const Problem &problem, std::span<const PairId> pairs);

} // namespace coscan::engine

#pragma once
// Internal: a run of independent pairs through the one kernel (row_kernel.hpp), each pair on its
// accelerator's column alone, so it gets the bits the cross-product sweep computes for it. The
// pair sweep (`[enumeration] pairs`) and the PairEvaluator (coscan from Python, evaluate_pairs)
// both evaluate their pairs here.
#include "evaluation/row_kernel.hpp"

#include <coscan/engine/evaluation/cost_table.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/evaluation/problem.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace coscan::engine::detail {

/// Spaces up to this many architectures have all their layer counts gathered once (NB201:
/// 15,625, ~3 MB); larger ones (AlphaNet) gather each run's architectures.
inline constexpr std::uint64_t kWholeSpaceLimit = 1u << 22;

/// The whole architecture space gathered once when it is small enough (kWholeSpaceLimit), else
/// empty.
std::optional<ArchBlock> gather_whole_space(const Problem &problem);

class PairChunk {
public:
  /// The cost columns of the run's distinct accelerators (`pairs` sorted by accelerator, so
  /// each is built once); without `space` (gather_whole_space), the run's architectures too.
  void build_columns(const Problem &problem, std::span<const PairId> pairs);
  void gather_archs(const Problem &problem, std::span<const PairId> pairs, const ArchBlock *space);

  /// Pair p of the prepared run: its latency, energy, accuracy and area.
  void evaluate(std::size_t p, double &latency_s, double &energy_j) const {
    evaluate_row(*archs_, row(p), table_, column_[p], 1, &latency_s, &energy_j);
  }
  double accuracy(std::size_t p) const { return archs_->accuracy[row(p)]; }
  std::uint8_t pareto_candidate(std::size_t p) const { return archs_->pareto_candidate[row(p)]; }
  double area_mm2(std::size_t p) const { return table_.area_mm2()[column_[p]]; }

private:
  std::size_t row(std::size_t p) const { return space_ ? pair_arch_[p] : p; }

  CostTable table_;
  ArchBlock gathered_;
  const ArchBlock *archs_ = nullptr;
  bool space_ = false;
  std::vector<std::uint64_t> column_;    // per pair: its accelerator's column in the table
  std::vector<std::uint64_t> pair_arch_; // per pair: its architecture (a row of the space)
  std::vector<std::uint64_t> distinct_;
};

} // namespace coscan::engine::detail

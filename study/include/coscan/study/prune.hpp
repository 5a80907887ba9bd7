#pragma once
// `[engine] prune`: shrink a built problem's architecture list before the sweep. "certified"
// keeps only the architectures that can be on some accelerator's Pareto front
// (engine/certified_reduction.hpp), so the sweep's Pareto set is that of the whole list at a
// fraction of the pairs.
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/study/study.hpp>

#include <cstdint>

namespace coscan::study {

/// What a pruned sweep stands for. With PruneMode::none the covered figures are the swept ones.
struct PruneReport {
  PruneMode mode = PruneMode::none;
  std::uint64_t archs_covered = 0; ///< architectures of the list before pruning
  std::uint64_t archs_swept = 0;   ///< after pruning (the certified ones)
  std::uint64_t count_vectors = 0; ///< distinct count vectors among the covered ones (0: none)
  std::uint64_t pairs_covered = 0; ///< archs_covered x accelerators
  double seconds = 0;              ///< wall time of the pruning (before the sweep)
};

/// Applies the study's `[engine] prune` to `problem` (its arch_sample becomes the certified
/// subset of its architecture list). Throws coscan::InputError "FILE: key 'engine.prune': reason"
/// when the problem breaks the certificate's conditions. Deterministic: every rank computes the
/// same list.
PruneReport prune_problem(const Study &study, engine::Problem &problem);

} // namespace coscan::study

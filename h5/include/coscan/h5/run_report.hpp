#pragma once
// What a finished run reports: the study, the problem it built, the sweep's result, and how it
// ran. The results file and the JSON summary (coscan/jobs/summary.hpp) are two views of it.
#include <coscan/engine/analyses/ranking.hpp>
#include <coscan/engine/analyses/verify.hpp>
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/study/prune.hpp>
#include <coscan/study/study.hpp>

#include <filesystem>

namespace coscan::h5 {

struct RunReport {
  const study::Study &study;
  const engine::Problem &problem;
  const engine::SweepResult &sweep;
  int ranks = 1;
  std::filesystem::path results_file;
  /// The [ranking] analysis (coscan/study/ranking.hpp), written as /ranking; null or empty: none.
  const std::vector<engine::RankingResult> *ranking = nullptr;
  /// `[engine] prune` (coscan/study/prune.hpp); mode "none" (the default) when the sweep was not
  /// pruned.
  study::PruneReport prune = {};

  /// Architectures and pairs the swept ones stand for: the pruned list's whole, or the swept.
  std::uint64_t archs_covered() const {
    return prune.mode == study::PruneMode::none ? problem.num_archs() : prune.archs_covered;
  }
  std::uint64_t pairs_covered() const {
    return prune.mode == study::PruneMode::none ? problem.num_pairs() : prune.pairs_covered;
  }
  /// The [verify] analysis (coscan/study/verify.hpp), written as /verify; null: none.
  const engine::VerifyResult *verify = nullptr;
  /// `[output] dataset`: /accels lists exactly these accelerators, in this order (the
  /// dataset's columns, or the accelerators of its pairs) rather than the usual selection.
  const std::vector<std::uint64_t> *dataset_accels = nullptr;

  double pairs_per_s() const {
    return sweep.wall_s > 0 ? static_cast<double>(sweep.pairs_evaluated) / sweep.wall_s : 0.0;
  }
};

/// Writes the HDF5 results file (docs/results-format.md) whole or not at all.
void write_results(const RunReport &report, const std::filesystem::path &file);

} // namespace coscan::h5

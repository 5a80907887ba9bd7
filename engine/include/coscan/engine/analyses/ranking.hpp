#pragma once
// Ranking similarity: how alike the accelerators of a problem rank its architectures by one
// metric, each against a proxy accelerator (Spearman, Kendall tau-b, top-k overlap, overlap of
// the accuracy-vs-metric Pareto fronts), with summaries overall and per dataflow, and
// optionally a pairwise matrix over a list of accelerators.
//
// Accelerators are named by their *position* in the problem's accelerator list (0 ..
// num_accels() - 1; the accelerator index itself unless the study samples accelerators).
// The analysis is a reducer of the sweep's accelerator blocks (ranking_reducer.hpp), computed on
// the architectures' cost groups; every accelerator's figures depend only on its own column and
// the proxy's, so they do not depend on the ranks, shards or threads.
#include <coscan/engine/evaluation/objective.hpp>
#include <coscan/engine/evaluation/problem.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace coscan::engine {

struct RankingOptions {
  Metric metric = Metric::latency;   ///< latency, energy or edp
  std::uint64_t proxy = 0;           ///< position of the proxy accelerator
  std::uint64_t topk = 100;          ///< 1 <= topk <= num_archs()
  std::vector<std::uint64_t> matrix; ///< positions for the pairwise matrix (may be empty)
  std::uint64_t accel_block = 64;    ///< accelerators per cost table / task
};

/// min, 5th percentile, median and mean of a statistic (NaNs left out; linear interpolation
/// between order statistics, as numpy.percentile). All NaN when nothing is left.
struct StatSummary {
  double min = 0, p5 = 0, p50 = 0, mean = 0;
  std::uint64_t count = 0; ///< values summarised
};

struct RankingSummary {
  std::string group; ///< "all" or a dataflow name
  StatSummary spearman, kendall_tau_b, topk_overlap, pareto_jaccard, pareto_recall;
};

struct RankingMatrix {
  std::vector<std::uint64_t> position;    ///< as listed
  std::vector<std::uint64_t> accel_index; ///< their indices in the space
  std::vector<double> spearman;           ///< m x m, row-major
  std::vector<double> kendall_tau_b;      ///< m x m, row-major
};

struct RankingResult {
  Metric metric = Metric::latency;
  std::uint64_t proxy = 0;             ///< position
  std::uint64_t proxy_accel_index = 0; ///< index in the space
  std::uint64_t topk = 0;
  std::uint64_t num_archs = 0;
  std::uint64_t proxy_front_size = 0; ///< archs on the proxy's accuracy-vs-metric front
  // One entry per accelerator position.
  std::vector<std::uint64_t> accel_index;
  std::vector<std::string> dataflow;
  std::vector<double> spearman, kendall_tau_b, topk_overlap, pareto_jaccard, pareto_recall;
  std::vector<RankingSummary> summaries; ///< "all" first, then each dataflow present
  std::uint64_t least_similar = 0;       ///< position with the lowest Spearman (NaN skipped)
  RankingMatrix matrix;                  ///< empty unless options.matrix was given
};

/// Runs the analysis in this process (RankingReducer over every accelerator block). Throws
/// std::invalid_argument on options out of range (callers validate user input first and report
/// it as an InputError).
RankingResult rank_similarity(const Problem &problem, const RankingOptions &options);

/// The row-wise reference: every architecture evaluated, the statistics over the full columns
/// (summaries and least_similar left empty). Slow; for the tests that pin the grouped path.
RankingResult rank_similarity_reference(const Problem &problem, const RankingOptions &options);

/// Throws std::invalid_argument when `options` are out of range for the problem (a metric other
/// than latency, energy or edp; the proxy, a matrix accelerator or topk out of range).
void check_ranking_options(const Problem &problem, const RankingOptions &options);

/// A result holding what `options` fix (metric, proxy and its accelerator index, top-k, the
/// architecture count), its per-accelerator vectors still empty: the reducer and the reference
/// fill them.
RankingResult ranking_result_for(const Problem &problem, const RankingOptions &options);

/// The summary of a list of values (NaNs skipped).
StatSummary summarise(std::vector<double> values);

} // namespace coscan::engine

#pragma once
// Rank statistics for comparing how two accelerators order the same architectures: average
// ranks, Spearman rho, Kendall tau-b (O(n log n), Knight's algorithm), top-k overlap and the
// overlap of accuracy-vs-metric Pareto fronts. Lower metric values rank first (better).
//
// Conventions (docs/results-format.md, /ranking):
// - Ties get the mean of the ranks they span (1-based), as scipy.stats.rankdata('average').
// - spearman and kendall_tau_b are NaN when either input is constant (all tied), as SciPy's.
// - top-k: the k smallest values, ties broken by the lower position (a strict total order),
//   so the set is unique; the overlap is |top-k(a) ∩ top-k(b)| / k.
#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace coscan::engine {

/// 1-based ranks of `x`, ties sharing their mean rank.
std::vector<double> average_ranks(std::span<const double> x);

/// Pearson correlation of two equally long vectors (NaN if either is constant or n < 2).
double pearson(std::span<const double> x, std::span<const double> y);

/// Spearman's rho: the Pearson correlation of the average ranks.
double spearman(std::span<const double> x, std::span<const double> y);

/// Kendall's tau-b with tie corrections, in O(n log n) (equals scipy.stats.kendalltau).
double kendall_tau_b(std::span<const double> x, std::span<const double> y);

/// Positions of the k smallest values (ties by the lower position), ascending by position.
std::vector<std::size_t> top_k(std::span<const double> x, std::size_t k);

/// |top-k(x) ∩ top-k(y)| / k. Requires 1 <= k <= n.
double topk_overlap(std::span<const double> x, std::span<const double> y, std::size_t k);

/// Positions of the architectures on the Pareto front of (accuracy max, metric min), ascending.
/// Points with identical (accuracy, metric) are all kept.
std::vector<std::size_t> accuracy_metric_front(std::span<const double> accuracy,
                                               std::span<const double> metric);

struct FrontOverlap {
  double jaccard = 0; ///< |A ∩ P| / |A ∪ P|
  double recall = 0;  ///< |A ∩ P| / |A|: how much of the accelerator's front the proxy's finds
};

/// Overlap of two fronts given as ascending position lists: `front` (A, an accelerator's) and
/// `proxy_front` (P).
FrontOverlap front_overlap(std::span<const std::size_t> front,
                           std::span<const std::size_t> proxy_front);

/// Spearman matrix of the columns of `values` (n rows x m columns): the columns are replaced
/// by average ranks, centred and scaled to unit norm, and the result is R^T R (m x m). A
/// constant column gives a NaN row and column (its diagonal too).
Eigen::MatrixXd spearman_matrix(const Eigen::MatrixXd &values);

} // namespace coscan::engine

#pragma once
// Rank statistics of data given as groups of identical points. Under an additive cost model,
// architectures with the same layer-count vector cost the same on every accelerator, so a
// ranking comparison over n architectures reduces to G << n groups (NAS-Bench-201: 195 groups
// for 15,625 architectures). Group g stands for weight[g] >= 1 identical points (x[g], y[g]);
// the "expanded" data repeats each group's point weight[g] times.
//
// Every function returns what its row-wise counterpart in rank_statistics.hpp returns on the
// expanded data (same conventions: average ranks, NaN for a constant input or fewer than two
// points), in O(G log G) (the matrix: O(m G log G + m^2 G)) instead of O(n log n).
//
// Pair counts and rank sums are exact integers (128-bit), rounded once at the end, so the
// results are at least as accurate as the row-wise ones. This needs a total weight of at most
// kMaxGroupedTotalWeight (2^42 = 4.4e12); larger totals throw std::invalid_argument, as do a
// zero weight and spans of different lengths. Values must not be NaN.
#include <Eigen/Core>

#include <cstdint>
#include <span>
#include <vector>

namespace coscan::engine {

/// The largest total weight for which the grouped statistics are computed exactly
/// (sum of weight * centred rank^2 stays below 2^127).
inline constexpr std::uint64_t kMaxGroupedTotalWeight = std::uint64_t{1} << 42;

/// The 1-based average rank of each group in the expanded `x` (as
/// scipy.stats.rankdata('average')): every copy of group g has rank result[g].
std::vector<double> grouped_average_ranks(std::span<const double> x,
                                          std::span<const std::uint64_t> weight);

/// Spearman's rho of the expanded data: the weighted Pearson correlation of the average ranks.
double grouped_spearman(std::span<const double> x, std::span<const double> y,
                        std::span<const std::uint64_t> weight);

/// Kendall's tau-b of the expanded data, pairs counted with multiplicities (pairs within a
/// group are tied in both x and y).
double grouped_kendall_tau_b(std::span<const double> x, std::span<const double> y,
                             std::span<const std::uint64_t> weight);

/// Spearman matrix of the columns of `values` (G rows x m columns, row g weighted by
/// weight[g]) for the expanded data; a constant column gives a NaN row and column (its diagonal
/// too), as spearman_matrix().
Eigen::MatrixXd grouped_spearman_matrix(const Eigen::MatrixXd &values,
                                        std::span<const std::uint64_t> weight);

} // namespace coscan::engine

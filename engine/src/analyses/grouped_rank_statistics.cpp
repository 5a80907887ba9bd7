#include <coscan/engine/analyses/grouped_rank_statistics.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace coscan::engine {
namespace {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The total weight, checking that every weight is >= 1 and the total stays exact.
std::uint64_t total_weight(std::size_t groups, std::span<const std::uint64_t> weight) {
  if (weight.size() != groups)
    throw std::invalid_argument("grouped rank statistics: values and weights differ in length");
  std::uint64_t total = 0;
  for (const std::uint64_t w : weight) {
    if (w == 0)
      throw std::invalid_argument("grouped rank statistics: a group has weight 0");
    if (w > kMaxGroupedTotalWeight - total)
      throw std::invalid_argument("grouped rank statistics: the total weight exceeds 2^42");
    total += w;
  }
  return total;
}

/// Twice the average rank of each group: a run of equal values of total weight W after S
/// points spans ranks S+1..S+W, whose mean is S + (W + 1) / 2. Doubling keeps it an integer.
std::vector<std::uint64_t> doubled_ranks(std::span<const double> x,
                                         std::span<const std::uint64_t> weight) {
  const std::size_t groups = x.size();
  std::vector<std::size_t> order(groups);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<std::uint64_t> ranks(groups);
  std::uint64_t before = 0;
  for (std::size_t i = 0; i < groups;) {
    std::size_t j = i;
    std::uint64_t run = 0;
    for (; j < groups && x[order[j]] == x[order[i]]; ++j)
      run += weight[order[j]];
    for (std::size_t t = i; t < j; ++t)
      ranks[order[t]] = 2 * before + run + 1;
    before += run;
    i = j;
  }
  return ranks;
}

/// Twice the centred average ranks, 2 * rank - (n + 1): exact integers of magnitude < n.
std::vector<std::int64_t> centred_doubled_ranks(std::span<const double> x,
                                                std::span<const std::uint64_t> weight,
                                                std::uint64_t total) {
  const std::vector<std::uint64_t> ranks = doubled_ranks(x, weight);
  std::vector<std::int64_t> centred(ranks.size());
  for (std::size_t g = 0; g < ranks.size(); ++g)
    centred[g] = static_cast<std::int64_t>(ranks[g]) - static_cast<std::int64_t>(total + 1);
  return centred;
}

/// sum_g weight[g] * a[g] * b[g], exact: each term and the sum stay below n^3 <= 2^126.
Int128 weighted_dot(std::span<const std::int64_t> a, std::span<const std::int64_t> b,
                    std::span<const std::uint64_t> weight) {
  Int128 sum = 0;
  for (std::size_t g = 0; g < a.size(); ++g)
    sum += static_cast<Int128>(weight[g]) * a[g] * b[g];
  return sum;
}

/// sxy / sqrt(sxx * syy) from exact integers, rounded once (long double keeps 64 bits, so the
/// double result is within about an ulp); NaN when either variance is 0. The equality case
/// of Cauchy-Schwarz (identical rank structures) is returned as exactly +-1.
double correlation(Int128 sxy, Int128 sxx, Int128 syy) {
  if (sxx == 0 || syy == 0)
    return kNaN;
  if (sxx == syy && (sxy == sxx || sxy == -sxx))
    return sxy > 0 ? 1.0 : -1.0;
  const long double r = static_cast<long double>(sxy) /
                        std::sqrt(static_cast<long double>(sxx) * static_cast<long double>(syy));
  return std::clamp(static_cast<double>(r), -1.0, 1.0);
}

/// w * (w - 1) / 2: the pairs among w identical points.
UInt128 pairs(std::uint64_t w) { return w < 2 ? 0 : static_cast<UInt128>(w) * (w - 1) / 2; }

/// Fenwick tree of weights over the distinct y values (0-based positions).
class WeightTree {
public:
  explicit WeightTree(std::size_t size) : tree_(size + 1, 0) {}
  void add(std::size_t position, std::uint64_t w) {
    for (std::size_t i = position + 1; i < tree_.size(); i += i & (~i + 1))
      tree_[i] += w;
  }
  /// The weight at positions 0..position.
  std::uint64_t prefix(std::size_t position) const {
    std::uint64_t sum = 0;
    for (std::size_t i = position + 1; i > 0; i -= i & (~i + 1))
      sum += tree_[i];
    return sum;
  }

private:
  std::vector<std::uint64_t> tree_;
};

void check_sizes(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size())
    throw std::invalid_argument("grouped rank statistics: the two vectors differ in length");
}

} // namespace

std::vector<double> grouped_average_ranks(std::span<const double> x,
                                          std::span<const std::uint64_t> weight) {
  total_weight(x.size(), weight);
  const std::vector<std::uint64_t> doubled = doubled_ranks(x, weight);
  std::vector<double> ranks(doubled.size());
  for (std::size_t g = 0; g < doubled.size(); ++g)
    ranks[g] = 0.5 * static_cast<double>(doubled[g]); // exact: doubled < 2^44
  return ranks;
}

double grouped_spearman(std::span<const double> x, std::span<const double> y,
                        std::span<const std::uint64_t> weight) {
  check_sizes(x, y);
  const std::uint64_t total = total_weight(x.size(), weight);
  // The weighted mean of the average ranks is exactly (n + 1) / 2, so one pass over the exact
  // centred ranks gives the co-moments (n < 2 gives all-zero ranks, hence NaN).
  const std::vector<std::int64_t> dx = centred_doubled_ranks(x, weight, total);
  const std::vector<std::int64_t> dy = centred_doubled_ranks(y, weight, total);
  return correlation(weighted_dot(dx, dy, weight), weighted_dot(dx, dx, weight),
                     weighted_dot(dy, dy, weight));
}

double grouped_kendall_tau_b(std::span<const double> x, std::span<const double> y,
                             std::span<const std::uint64_t> weight) {
  check_sizes(x, y);
  const std::uint64_t total = total_weight(x.size(), weight);
  if (total < 2)
    return kNaN;
  const std::size_t groups = x.size();
  // Positions of the distinct y values, and the pairs tied in y (within and across groups).
  std::vector<double> distinct_y(y.begin(), y.end());
  std::sort(distinct_y.begin(), distinct_y.end());
  distinct_y.erase(std::unique(distinct_y.begin(), distinct_y.end()), distinct_y.end());
  std::vector<std::size_t> y_rank(groups);
  std::vector<std::uint64_t> y_weight(distinct_y.size(), 0);
  for (std::size_t g = 0; g < groups; ++g) {
    y_rank[g] = static_cast<std::size_t>(
        std::lower_bound(distinct_y.begin(), distinct_y.end(), y[g]) - distinct_y.begin());
    y_weight[y_rank[g]] += weight[g];
  }
  UInt128 y_ties = 0;
  for (const std::uint64_t w : y_weight)
    y_ties += pairs(w);

  std::vector<std::size_t> order(groups);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return x[a] < x[b] || (x[a] == x[b] && y_rank[a] < y_rank[b]);
  });
  // Sweep x upwards, one batch of equal x at a time: each group is discordant with the weight
  // already inserted (strictly smaller x) that has strictly larger y. The batch is inserted
  // only after all its queries, so pairs tied in x are never counted as discordant.
  WeightTree tree(distinct_y.size());
  UInt128 x_ties = 0, joint_ties = 0, discordant = 0;
  std::uint64_t inserted = 0;
  for (std::size_t i = 0; i < groups;) {
    std::size_t j = i;
    std::uint64_t run = 0;
    for (; j < groups && x[order[j]] == x[order[i]]; ++j) {
      const std::size_t g = order[j];
      discordant += static_cast<UInt128>(weight[g]) * (inserted - tree.prefix(y_rank[g]));
      run += weight[g];
    }
    x_ties += pairs(run);
    // Within the batch, groups with equal y are adjacent (sorted by y): ties in both.
    for (std::size_t t = i; t < j;) {
      std::size_t u = t;
      std::uint64_t same = 0;
      for (; u < j && y_rank[order[u]] == y_rank[order[t]]; ++u)
        same += weight[order[u]];
      joint_ties += pairs(same);
      t = u;
    }
    for (std::size_t t = i; t < j; ++t)
      tree.add(y_rank[order[t]], weight[order[t]]);
    inserted += run;
    i = j;
  }
  const UInt128 all = pairs(total);
  // Pairs tied in neither are concordant or discordant: C + D = all - x_ties - y_ties + joint.
  const Int128 con_minus_dis =
      static_cast<Int128>(all - x_ties - y_ties + joint_ties) - 2 * static_cast<Int128>(discordant);
  return correlation(con_minus_dis, static_cast<Int128>(all - x_ties),
                     static_cast<Int128>(all - y_ties));
}

Eigen::MatrixXd grouped_spearman_matrix(const Eigen::MatrixXd &values,
                                        std::span<const std::uint64_t> weight) {
  const std::size_t groups = static_cast<std::size_t>(values.rows());
  const Eigen::Index m = values.cols();
  const std::uint64_t total = total_weight(groups, weight);
  std::vector<std::vector<std::int64_t>> centred(static_cast<std::size_t>(m));
  std::vector<Int128> variance(static_cast<std::size_t>(m));
  for (Eigen::Index c = 0; c < m; ++c) {
    const auto k = static_cast<std::size_t>(c);
    centred[k] =
        centred_doubled_ranks(std::span<const double>(values.col(c).data(), groups), weight, total);
    variance[k] = weighted_dot(centred[k], centred[k], weight);
  }
  // Exact co-moments for each pair: O(m^2 G), small next to the row-wise O(m^2 n).
  Eigen::MatrixXd rho(m, m);
  for (Eigen::Index a = 0; a < m; ++a) {
    const auto ka = static_cast<std::size_t>(a);
    rho(a, a) = variance[ka] == 0 ? kNaN : 1.0;
    for (Eigen::Index b = a + 1; b < m; ++b) {
      const auto kb = static_cast<std::size_t>(b);
      rho(a, b) = rho(b, a) =
          correlation(weighted_dot(centred[ka], centred[kb], weight), variance[ka], variance[kb]);
    }
  }
  return rho;
}

} // namespace coscan::engine

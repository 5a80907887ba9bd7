// Grouped rank statistics (points with integer multiplicities) against the row-wise functions
// on the expanded data, against SciPy, and on weights whose pair counts pass 2^64.
#include "engine/scipy.hpp"

#include <coscan/engine/analyses/grouped_rank_statistics.hpp>
#include <coscan/engine/analyses/rank_statistics.hpp>

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace coscan::engine {
namespace {

using Weights = std::vector<std::uint64_t>;

struct Groups {
  std::vector<double> x, y;
  Weights weight;
};

/// Each value repeated by its group's weight (the data the grouped functions stand for).
std::vector<double> expand(const std::vector<double> &values, const Weights &weight) {
  std::vector<double> out;
  for (std::size_t g = 0; g < values.size(); ++g)
    out.insert(out.end(), weight[g], values[g]);
  return out;
}

/// Tie-heavy groups: x and y on few levels (so many groups share x, y or both), y following x
/// (or its reverse, for a negative correlation) with probability |correlation|.
Groups random_groups(std::mt19937_64 &rng, std::size_t groups, int levels_x, int levels_y,
                     std::uint64_t max_weight, double correlation) {
  std::uniform_int_distribution<int> ux(0, levels_x - 1), uy(0, levels_y - 1);
  std::uniform_int_distribution<std::uint64_t> uw(1, max_weight);
  std::bernoulli_distribution follow(std::abs(correlation));
  Groups out;
  for (std::size_t g = 0; g < groups; ++g) {
    const double x = ux(rng);
    const double scaled = std::floor(x * levels_y / levels_x);
    out.x.push_back(x * 0.25 + 1.5);
    out.y.push_back(follow(rng) ? (correlation >= 0 ? scaled : levels_y - 1 - scaled) : uy(rng));
    out.weight.push_back(uw(rng));
  }
  return out;
}

/// Equal within tolerance, or both NaN.
void expect_same(double grouped, double reference, double tolerance, const std::string &what) {
  if (std::isnan(reference))
    EXPECT_TRUE(std::isnan(grouped)) << what << ": expected NaN, got " << grouped;
  else
    EXPECT_NEAR(grouped, reference, tolerance) << what;
}

__extension__ typedef __int128 Int128;

/// Spearman of the expanded data in exact arithmetic, independently of the grouping: the
/// row-wise average ranks (exact half-integers) doubled and centred, summed point by point in
/// 128-bit integers, divided once in long double.
double exact_spearman(const std::vector<double> &ex, const std::vector<double> &ey) {
  const std::vector<double> rx = average_ranks(ex), ry = average_ranks(ey);
  const auto n1 = static_cast<std::int64_t>(ex.size() + 1);
  Int128 sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < ex.size(); ++i) {
    const std::int64_t a = static_cast<std::int64_t>(2 * rx[i]) - n1;
    const std::int64_t b = static_cast<std::int64_t>(2 * ry[i]) - n1;
    sxy += static_cast<Int128>(a) * b;
    sxx += static_cast<Int128>(a) * a;
    syy += static_cast<Int128>(b) * b;
  }
  if (sxx == 0 || syy == 0)
    return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(
      static_cast<long double>(sxy) /
      std::sqrt(static_cast<long double>(sxx) * static_cast<long double>(syy)));
}

/// Every grouped statistic equals its row-wise counterpart on the expanded data.
void expect_matches_rowwise(const Groups &d, const std::string &what) {
  const std::vector<double> ex = expand(d.x, d.weight), ey = expand(d.y, d.weight);
  const std::vector<double> ranks = average_ranks(ex),
                            grouped = grouped_average_ranks(d.x, d.weight);
  ASSERT_EQ(grouped.size(), d.x.size()) << what;
  std::size_t at = 0;
  for (std::size_t g = 0; g < d.x.size(); ++g)
    for (std::uint64_t k = 0; k < d.weight[g]; ++k, ++at)
      ASSERT_EQ(grouped[g], ranks[at]) << what << ", group " << g; // both exact half-integers
  const double rho = grouped_spearman(d.x, d.y, d.weight);
  // The row-wise pearson() sums n products of ranks ~n/2 in double, so it drifts by ~n * 2e-18
  // (2e-12 at a million points, checked against rational arithmetic), whereas the grouped
  // path is exact up to its final rounding: compare with 1e-12 up to 250,000 points, 1e-11
  // beyond, and always with the exact reference to 1e-15.
  const double rowwise_tolerance = ex.size() <= 250'000 ? 1e-12 : 1e-11;
  expect_same(rho, spearman(ex, ey), rowwise_tolerance, what + " spearman");
  expect_same(rho, exact_spearman(ex, ey), 1e-15, what + " exact spearman");
  expect_same(grouped_kendall_tau_b(d.x, d.y, d.weight), kendall_tau_b(ex, ey), 1e-12,
              what + " kendall");
}

TEST(GroupedRankStatistics, MatchRowWiseOnRandomTieHeavyGroups) {
  struct Case {
    std::size_t groups;
    int levels_x, levels_y;
    std::uint64_t max_weight;
    double correlation;
  };
  const std::vector<Case> cases{
      {1, 3, 3, 1000, 0.5},     {2, 2, 2, 5, 0.5},          {3, 3, 3, 1000, 0.0},
      {5, 2, 3, 1000, -0.5},    {10, 3, 2, 1000, 0.9},      {10, 10, 10, 1, 0.3},
      {30, 4, 4, 1000, 0.7},    {50, 1, 5, 100, 0.0},       {50, 5, 1, 100, 0.0},
      {100, 5, 5, 1000, -0.8},  {100, 100, 100, 10, 0.2},   {200, 3, 7, 1000, 0.6},
      {300, 20, 3, 500, -0.3},  {500, 2, 2, 1000, 0.0},     {500, 50, 40, 200, 0.95},
      {1000, 8, 8, 1000, 0.5},  {1000, 1000, 7, 100, 0.7},  {1000, 10000, 10000, 50, -0.9},
      {2000, 6, 9, 1000, 0.4},  {2000, 30, 30, 1000, -0.6}, {2000, 2000, 2000, 1, 0.8},
      {2000, 2, 1000, 300, 0.1}};
  std::mt19937_64 rng(20240611);
  for (std::size_t c = 0; c < cases.size(); ++c)
    for (int repeat = 0; repeat < 3; ++repeat) {
      const Case &k = cases[c];
      const Groups d =
          random_groups(rng, k.groups, k.levels_x, k.levels_y, k.max_weight, k.correlation);
      expect_matches_rowwise(d, "case " + std::to_string(c) + "." + std::to_string(repeat));
    }
}

TEST(GroupedRankStatistics, EdgeCases) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  struct Case {
    std::string name;
    Groups d;
    double rho, tau;
  };
  const std::vector<Case> cases{
      {"no group", {{}, {}, {}}, nan, nan},
      {"single point", {{1}, {2}, {1}}, nan, nan},
      {"one group of weight 7", {{1}, {2}, {7}}, nan, nan},
      {"all x equal", {{4, 4, 4}, {1, 2, 3}, {2, 5, 1}}, nan, nan},
      {"all y equal", {{1, 2, 3}, {9, 9, 9}, {2, 5, 1}}, nan, nan},
      {"total weight 2, concordant", {{1, 2}, {3, 4}, {1, 1}}, 1.0, 1.0},
      {"total weight 2, discordant", {{1, 2}, {4, 3}, {1, 1}}, -1.0, -1.0},
      {"total weight 2, one group", {{1}, {3}, {2}}, nan, nan},
      // Same ordering with ties shared by x and y: the rank structures are identical.
      {"concordant with ties",
       {{1, 1, 2, 3, 3, 3, 5}, {10, 10, 20, 30, 30, 30, 50}, {3, 1, 400, 2, 2, 9, 1}},
       1.0,
       1.0},
      {"discordant with ties",
       {{1, 1, 2, 3, 3, 3, 5}, {-10, -10, -20, -30, -30, -30, -50}, {3, 1, 400, 2, 2, 9, 1}},
       -1.0,
       -1.0},
      // x = (1, 1, 2) and y = (1, 2, 2) as three groups of one: 0.5 and 0.5 (as row-wise).
      {"small case by hand", {{1, 1, 2}, {1, 2, 2}, {1, 1, 1}}, 0.5, 0.5},
  };
  for (const Case &k : cases) {
    expect_matches_rowwise(k.d, k.name);
    const double rho = grouped_spearman(k.d.x, k.d.y, k.d.weight);
    const double tau = grouped_kendall_tau_b(k.d.x, k.d.y, k.d.weight);
    if (std::isnan(k.rho)) {
      EXPECT_TRUE(std::isnan(rho)) << k.name;
      EXPECT_TRUE(std::isnan(tau)) << k.name;
    } else {
      EXPECT_EQ(rho, k.rho) << k.name; // exactly, not approximately
      EXPECT_EQ(tau, k.tau) << k.name;
    }
  }
}

TEST(GroupedRankStatistics, PerfectOrderOnRandomGroupsIsExactlyOne) {
  std::mt19937_64 rng(99);
  for (std::size_t groups : {2, 10, 500, 2000}) {
    Groups d = random_groups(rng, groups, 40, 40, 1000, 0.0);
    d.x[0] = 0; // at least two distinct x
    d.x[1] = 100;
    std::vector<double> up(groups), down(groups);
    for (std::size_t g = 0; g < groups; ++g) {
      up[g] = std::exp(d.x[g]); // strictly increasing in x, ties kept
      down[g] = -3 * d.x[g];
    }
    EXPECT_EQ(grouped_spearman(d.x, up, d.weight), 1.0) << groups;
    EXPECT_EQ(grouped_kendall_tau_b(d.x, up, d.weight), 1.0) << groups;
    EXPECT_EQ(grouped_spearman(d.x, down, d.weight), -1.0) << groups;
    EXPECT_EQ(grouped_kendall_tau_b(d.x, down, d.weight), -1.0) << groups;
  }
}

TEST(GroupedRankStatistics, InvalidInputThrows) {
  const std::vector<double> x{1, 2}, y{1, 2, 3};
  EXPECT_THROW(grouped_spearman(x, y, Weights{1, 1}), std::invalid_argument);
  EXPECT_THROW(grouped_kendall_tau_b(x, x, Weights{1}), std::invalid_argument);
  EXPECT_THROW(grouped_average_ranks(x, Weights{1, 0}), std::invalid_argument);
  EXPECT_THROW(grouped_spearman(x, x, Weights{kMaxGroupedTotalWeight, 1}), std::invalid_argument);
  EXPECT_THROW(grouped_kendall_tau_b(x, x, Weights{~std::uint64_t{0}, 2}), std::invalid_argument);
  EXPECT_NO_THROW(grouped_kendall_tau_b(x, x, Weights{kMaxGroupedTotalWeight - 1, 1}));
}

TEST(GroupedRankStatistics, SpearmanMatrixMatchesRowWise) {
  std::mt19937_64 rng(7);
  for (Eigen::Index groups : {1, 2, 40, 700}) {
    std::uniform_int_distribution<int> small(0, 4);
    std::uniform_int_distribution<std::uint64_t> uw(1, 300);
    Eigen::MatrixXd values(groups, 6);
    Weights weight(static_cast<std::size_t>(groups));
    for (Eigen::Index g = 0; g < groups; ++g) {
      weight[static_cast<std::size_t>(g)] = uw(rng);
      for (Eigen::Index c = 0; c < values.cols(); ++c)
        values(g, c) = small(rng) + (c > 0 ? values(g, 0) * 0.5 * static_cast<double>(c) : 0);
    }
    values.col(4).setConstant(3.0);
    values.col(5) = -values.col(1); // exactly -1 against column 1
    Eigen::MatrixXd expanded(0, values.cols());
    for (Eigen::Index c = 0; c < values.cols(); ++c) {
      const std::vector<double> col =
          expand(std::vector<double>(values.col(c).data(), values.col(c).data() + groups), weight);
      expanded.conservativeResize(static_cast<Eigen::Index>(col.size()), values.cols());
      for (std::size_t i = 0; i < col.size(); ++i)
        expanded(static_cast<Eigen::Index>(i), c) = col[i];
    }
    const Eigen::MatrixXd grouped = grouped_spearman_matrix(values, weight);
    const Eigen::MatrixXd reference = spearman_matrix(expanded);
    ASSERT_EQ(grouped.rows(), 6);
    ASSERT_EQ(grouped.cols(), 6);
    for (Eigen::Index a = 0; a < 6; ++a)
      for (Eigen::Index b = 0; b < 6; ++b) {
        const std::string what = "G " + std::to_string(groups) + " (" + std::to_string(a) + ", " +
                                 std::to_string(b) + ")";
        expect_same(grouped(a, b), reference(a, b), 1e-12, what);
        if (!std::isnan(grouped(a, b))) {
          EXPECT_EQ(grouped(a, b), grouped(b, a)) << what; // symmetric
        }
      }
    if (groups >= 40) { // columns 0..3 and 5 then vary
      EXPECT_TRUE(std::isnan(grouped(4, 0)));
      EXPECT_TRUE(std::isnan(grouped(4, 4)));
      EXPECT_EQ(grouped(0, 0), 1.0);
      EXPECT_EQ(grouped(1, 5), -1.0);
      const std::span<const double> c0(values.col(0).data(), static_cast<std::size_t>(groups)),
          c2(values.col(2).data(), static_cast<std::size_t>(groups));
      EXPECT_EQ(grouped(0, 2), grouped_spearman(c0, c2, weight));
    }
  }
  EXPECT_THROW(grouped_spearman_matrix(Eigen::MatrixXd::Zero(3, 2), Weights{1, 1}),
               std::invalid_argument);
}

TEST(GroupedRankStatistics, TotalWeightBeyond2To32IsExact) {
  // Three groups x = (1, 2, 3), y = (1, 3, 2) with weights (a, b, c): no ties across groups,
  // so tau-b = (ab + ac - bc) / (ab + ac + bc), and with centred doubled ranks
  // x: (-(b+c), a-c, a+b), y: (-(b+c), a+c, a-b), rho = Sxy / sqrt(Sxx Syy). Both are
  // homogeneous in the weights. n = 6.5e9 > 2^32 and n (n - 1) / 2 = 2.1e19 > 2^64, so 64-bit
  // pair counts would wrap.
  const std::vector<double> x{1, 2, 3}, y{1, 3, 2};
  const Weights big{2'000'000'000, 3'000'000'000, 1'500'000'000};
  EXPECT_NEAR(grouped_kendall_tau_b(x, y, big), 1.0 / 3.0, 1e-15); // (6 + 3 - 4.5) / 13.5
  EXPECT_NEAR(grouped_spearman(x, y, big), 17.0 / 35.0, 1e-15);    // 38.25 / 78.75
  EXPECT_EQ(grouped_average_ranks(x, big),
            (std::vector<double>{1e9 + 0.5, 3.5e9 + 0.5, 5.75e9 + 0.5}));
  // Equal weights w: ranks centred at (-w, 0, w) and (-w, w, 0): rho = w^3 / 2w^3 = 1/2.
  const Weights equal{2'000'000'000, 2'000'000'000, 2'000'000'000};
  EXPECT_NEAR(grouped_spearman(x, y, equal), 0.5, 1e-15);
  EXPECT_NEAR(grouped_kendall_tau_b(x, y, equal), 1.0 / 3.0, 1e-15);
  // Perfect order stays exact, and so does an all-tied y.
  EXPECT_EQ(grouped_spearman(x, x, big), 1.0);
  EXPECT_EQ(grouped_kendall_tau_b(x, std::vector<double>{3, 2, 1}, big), -1.0);
  EXPECT_TRUE(std::isnan(grouped_kendall_tau_b(x, std::vector<double>{5, 5, 5}, big)));
  // Near the limit (2^42 in all): still finite and the same closed form.
  const Weights huge{std::uint64_t{1} << 40, std::uint64_t{1} << 41, std::uint64_t{1} << 40};
  // a = c = 1, b = 2 (homogeneous): tau = (2 + 1 - 2) / (2 + 1 + 2) = 1/5; Sxy = 9 + 0 - 3,
  // Sxx = 9 + 0 + 9, Syy = 9 + 1 + 8: rho = 6 / 18 = 1/3.
  EXPECT_NEAR(grouped_kendall_tau_b(x, y, huge), 0.2, 1e-15);
  EXPECT_NEAR(grouped_spearman(x, y, huge), 1.0 / 3.0, 1e-15);
}

using testing::scipy_python;

TEST(GroupedRankStatistics, AgreeWithSciPyOnHeavyTies) {
  const std::string python = scipy_python();
  if (python.empty())
    GTEST_SKIP() << "SciPy is not installed (python3 -c 'import scipy' fails); install "
                    "python3-scipy (scripts/setup) to compare against scipy.stats";
  struct Case {
    std::size_t groups;
    int levels_x, levels_y;
    std::uint64_t max_weight;
    double correlation;
  };
  const std::vector<Case> cases{{5, 3, 3, 40, 0.5},
                                {60, 4, 5, 300, 0.8},
                                {200, 20, 3, 200, -0.4},
                                {1000, 2, 2, 60, 0.1},
                                {400, 1000, 1000, 100, 0.9}};
  std::mt19937_64 rng(4242);
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const Case &k = cases[c];
    const Groups d =
        random_groups(rng, k.groups, k.levels_x, k.levels_y, k.max_weight, k.correlation);
    const std::vector<double> ex = expand(d.x, d.weight), ey = expand(d.y, d.weight);
    const std::filesystem::path csv = dir / ("coscan_grouped_rank_" + std::to_string(::getpid()) +
                                             "_" + std::to_string(c) + ".csv");
    const auto scipy = testing::scipy_correlations(python, ex, ey, csv);
    ASSERT_TRUE(scipy) << "case " << c << ": no reply from SciPy";
    const auto [rho, tau] = *scipy;
    EXPECT_NEAR(grouped_spearman(d.x, d.y, d.weight), rho, 1e-12)
        << "case " << c << " (" << ex.size() << " points)";
    EXPECT_NEAR(grouped_kendall_tau_b(d.x, d.y, d.weight), tau, 1e-12)
        << "case " << c << " (" << ex.size() << " points)";
  }
}

} // namespace
} // namespace coscan::engine

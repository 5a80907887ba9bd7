// Rank statistics: by hand, and against SciPy (scipy.stats.spearmanr, kendalltau) on data
// with heavy ties.
#include "engine/scipy.hpp"

#include <coscan/engine/analyses/rank_statistics.hpp>

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace coscan::engine {
namespace {

TEST(AverageRanks, TiesShareTheirMeanRank) {
  const std::vector<double> x{3, 1, 4, 1, 5, 9, 2, 6, 5};
  const std::vector<double> expected{4, 1.5, 5, 1.5, 6.5, 9, 3, 8, 6.5};
  EXPECT_EQ(average_ranks(x), expected);
}

TEST(RankStatistics, PerfectAndReversed) {
  const std::vector<double> x{1, 2, 3, 4, 5, 6}, y{10, 20, 30, 40, 50, 60}, z{6, 5, 4, 3, 2, 1};
  EXPECT_DOUBLE_EQ(spearman(x, y), 1.0);
  EXPECT_DOUBLE_EQ(kendall_tau_b(x, y), 1.0);
  EXPECT_DOUBLE_EQ(spearman(x, z), -1.0);
  EXPECT_DOUBLE_EQ(kendall_tau_b(x, z), -1.0);
  EXPECT_DOUBLE_EQ(topk_overlap(x, y, 3), 1.0);
  EXPECT_DOUBLE_EQ(topk_overlap(x, z, 3), 0.0);
  EXPECT_DOUBLE_EQ(topk_overlap(x, z, 6), 1.0);
}

TEST(RankStatistics, AllTiedIsNaN) {
  const std::vector<double> x{1, 2, 3, 4}, c{7, 7, 7, 7};
  EXPECT_TRUE(std::isnan(spearman(x, c)));
  EXPECT_TRUE(std::isnan(kendall_tau_b(c, x)));
  EXPECT_TRUE(std::isnan(kendall_tau_b(std::vector<double>{1}, std::vector<double>{1})));
}

TEST(RankStatistics, SmallTiedCaseByHand) {
  // x = (1, 1, 2), y = (1, 2, 2): pairs (0,1) tied in x, (1,2) tied in y, (0,2) concordant.
  // tau-b = (1 - 0) / sqrt((3 - 1) * (3 - 1)) = 0.5.
  const std::vector<double> x{1, 1, 2}, y{1, 2, 2};
  EXPECT_DOUBLE_EQ(kendall_tau_b(x, y), 0.5);
  // ranks (1.5, 1.5, 3) and (1, 2.5, 2.5): Pearson = 0.5.
  EXPECT_NEAR(spearman(x, y), 0.5, 1e-15);
}

TEST(TopK, TiesAtTheBoundaryGoToTheLowerPosition) {
  const std::vector<double> x{5, 1, 3, 3, 3, 0};
  EXPECT_EQ(top_k(x, 3), (std::vector<std::size_t>{1, 2, 5}));
  EXPECT_EQ(top_k(x, 4), (std::vector<std::size_t>{1, 2, 3, 5}));
  const std::vector<double> y{0, 0, 0, 0, 0, 0};
  EXPECT_EQ(top_k(y, 2), (std::vector<std::size_t>{0, 1}));
  EXPECT_DOUBLE_EQ(topk_overlap(x, y, 3), 2.0 / 3.0); // {1,2,5} vs {0,1,2}
}

TEST(ParetoOverlap, FrontsAndTheirOverlap) {
  // accuracy high is good, metric low is good.
  const std::vector<double> acc{90, 80, 70, 85, 90};
  const std::vector<double> m1{5, 3, 1, 4, 5}; // front: 0, 1, 2, 3, 4 (0 and 4 identical)
  const std::vector<double> m2{5, 3, 1, 6, 9}; // 3 dominated by 0, 4 dominated by 0
  const auto f1 = accuracy_metric_front(acc, m1), f2 = accuracy_metric_front(acc, m2);
  EXPECT_EQ(f1, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(f2, (std::vector<std::size_t>{0, 1, 2}));
  const FrontOverlap o = front_overlap(f1, f2);
  EXPECT_DOUBLE_EQ(o.jaccard, 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(o.recall, 3.0 / 5.0);
  const FrontOverlap o2 = front_overlap(f2, f1);
  EXPECT_DOUBLE_EQ(o2.recall, 1.0);
}

TEST(SpearmanMatrix, EqualsPairwiseSpearman) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> small(0, 9);
  Eigen::MatrixXd values(300, 5);
  for (Eigen::Index i = 0; i < values.rows(); ++i)
    for (Eigen::Index c = 0; c < values.cols(); ++c)
      values(i, c) = small(rng) + (c > 0 ? values(i, 0) * 0.5 * static_cast<double>(c) : 0);
  values.col(4).setConstant(3.0);
  const Eigen::MatrixXd rho = spearman_matrix(values);
  for (Eigen::Index a = 0; a < 4; ++a)
    for (Eigen::Index b = 0; b < 4; ++b) {
      const std::span<const double> x(values.col(a).data(), 300), y(values.col(b).data(), 300);
      EXPECT_NEAR(rho(a, b), spearman(x, y), 1e-12);
    }
  EXPECT_TRUE(std::isnan(rho(4, 0)));
  EXPECT_TRUE(std::isnan(rho(4, 4)));
}

using testing::scipy_python;

TEST(RankStatistics, AgreeWithSciPyOnHeavyTies) {
  const std::string python = scipy_python();
  if (python.empty())
    GTEST_SKIP() << "SciPy is not installed (python3 -c 'import scipy' fails); install "
                    "python3-scipy (scripts/setup) to compare against scipy.stats";
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  struct Case {
    std::size_t n;
    int levels_x, levels_y;
    double correlation;
  };
  const std::vector<Case> cases{
      {50, 3, 4, 0.5},       {500, 5, 5, 0.9},     {2000, 20, 3, -0.3},          {5000, 2, 2, 0.0},
      {20000, 50, 40, 0.95}, {3000, 1000, 7, 0.7}, {1000, 1000000, 1000000, 0.8}};
  std::mt19937_64 rng(2024);
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const Case &k = cases[c];
    std::uniform_int_distribution<int> ux(0, k.levels_x - 1), uy(0, k.levels_y - 1);
    std::bernoulli_distribution follow(std::abs(k.correlation));
    std::vector<double> x(k.n), y(k.n);
    for (std::size_t i = 0; i < k.n; ++i) {
      x[i] = ux(rng);
      // y follows x (scaled to its levels) with the given probability, else random.
      const double scaled = std::floor(x[i] * k.levels_y / k.levels_x);
      y[i] = follow(rng) ? (k.correlation >= 0 ? scaled : k.levels_y - 1 - scaled) : uy(rng);
      if (c == 6) { // non-integer values, few ties
        x[i] = x[i] * 1e-3 + 0.125;
        y[i] = y[i] * 3.5e-7;
      }
    }
    const std::filesystem::path csv =
        dir / ("coscan_rank_" + std::to_string(::getpid()) + "_" + std::to_string(c) + ".csv");
    const auto scipy = testing::scipy_correlations(python, x, y, csv);
    ASSERT_TRUE(scipy) << "case " << c << ": no reply from SciPy";
    const auto [rho, tau] = *scipy;
    EXPECT_NEAR(spearman(x, y), rho, 1e-12) << "case " << c;
    EXPECT_NEAR(kendall_tau_b(x, y), tau, 1e-12) << "case " << c;
  }
}

} // namespace
} // namespace coscan::engine

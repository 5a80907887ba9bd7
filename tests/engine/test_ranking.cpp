// The ranking-similarity analysis on a small NAS-Bench-201 problem.
#include "small_problem.hpp"

#include <coscan/engine/ranking.hpp>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>

namespace coscan::engine {
namespace {

TEST(Ranking, ProxyAgainstItselfIsOne) {
  const Problem p = testing::small_problem();
  RankingOptions options;
  options.metric = Metric::latency;
  options.proxy = 3;
  options.topk = 50;
  const RankingResult r = rank_similarity(p, options);
  ASSERT_EQ(r.spearman.size(), p.num_accels());
  EXPECT_EQ(r.num_archs, 15625u);
  EXPECT_DOUBLE_EQ(r.spearman[3], 1.0);
  EXPECT_DOUBLE_EQ(r.kendall_tau_b[3], 1.0);
  EXPECT_DOUBLE_EQ(r.topk_overlap[3], 1.0);
  EXPECT_DOUBLE_EQ(r.pareto_jaccard[3], 1.0);
  EXPECT_DOUBLE_EQ(r.pareto_recall[3], 1.0);
  for (std::size_t j = 0; j < r.spearman.size(); ++j) {
    EXPECT_EQ(r.accel_index[j], j);
    EXPECT_GE(r.spearman[j], -1.0);
    EXPECT_LE(r.spearman[j], 1.0);
    EXPECT_GE(r.topk_overlap[j], 0.0);
    EXPECT_LE(r.topk_overlap[j], 1.0);
  }
  ASSERT_FALSE(r.summaries.empty());
  EXPECT_EQ(r.summaries[0].group, "all");
  EXPECT_EQ(r.summaries.size(), 4u); // all + three dataflows
  EXPECT_EQ(r.summaries[0].spearman.count, p.num_accels());
  EXPECT_NE(r.least_similar, 3u);
}

TEST(Ranking, IndependentOfBlockSizeAndThreads) {
  const Problem p = testing::small_problem({64, 256}, {8});
  RankingOptions options;
  options.metric = Metric::edp;
  options.proxy = 0;
  options.topk = 100;
  options.matrix = {5, 0, 2};
  const RankingResult a = rank_similarity(p, options);
  options.accel_block = 1;
  RankingResult b;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    b = rank_similarity(p, options);
  }
  EXPECT_EQ(a.spearman, b.spearman);
  EXPECT_EQ(a.kendall_tau_b, b.kendall_tau_b);
  EXPECT_EQ(a.topk_overlap, b.topk_overlap);
  EXPECT_EQ(a.pareto_jaccard, b.pareto_jaccard);
  EXPECT_EQ(a.pareto_recall, b.pareto_recall);
  EXPECT_EQ(a.matrix.spearman, b.matrix.spearman);
  EXPECT_EQ(a.matrix.kendall_tau_b, b.matrix.kendall_tau_b);
  // The matrix's row of the proxy (listed second) repeats the per-accelerator figures.
  const std::size_t m = 3;
  ASSERT_EQ(a.matrix.spearman.size(), m * m);
  EXPECT_EQ(a.matrix.accel_index, (std::vector<std::uint64_t>{5, 0, 2}));
  for (std::size_t j = 0; j < m; ++j) {
    const std::uint64_t position = options.matrix[j];
    EXPECT_NEAR(a.matrix.spearman[1 * m + j], a.spearman[position], 1e-12);
    EXPECT_DOUBLE_EQ(a.matrix.kendall_tau_b[1 * m + j], a.kendall_tau_b[position]);
    EXPECT_DOUBLE_EQ(a.matrix.spearman[j * m + j], 1.0);
    for (std::size_t i = 0; i < m; ++i)
      EXPECT_EQ(a.matrix.kendall_tau_b[i * m + j], a.matrix.kendall_tau_b[j * m + i]);
  }
}

/// A fake additive model whose latency ranking on 256-PE accelerators is exactly the reverse of
/// that on the others (negative cycles: a test device, not physics).
class ReversingModel : public costmodel::CostModel {
public:
  std::string_view name() const override { return "reversing"; }
  costmodel::LayerCost layer_cost(const costmodel::LayerShape &layer,
                                  const costmodel::AccelParams &accel) const override {
    const double v = static_cast<double>(layer.ops()) + 1.0;
    return {accel.num_pes == 256 ? -v : v, v * 1e-12};
  }
  double area_mm2(const costmodel::AccelParams &) const override { return 1.0; }
};

TEST(Ranking, ReversedRankingGivesMinusOne) {
  Problem p = testing::small_problem({64, 256}, {8});
  p.cost_model = std::make_unique<ReversingModel>();
  RankingOptions options;
  options.metric = Metric::latency;
  options.proxy = 0; // weight stationary, 64 PEs
  options.topk = 20;
  const RankingResult r = rank_similarity(p, options);
  ASSERT_EQ(r.spearman.size(), 6u); // 3 dataflows x {64, 256}
  for (std::size_t j = 0; j < 6; ++j) {
    const bool reversed = j % 2 == 1;
    EXPECT_NEAR(r.spearman[j], reversed ? -1.0 : 1.0, 1e-12) << j;
    EXPECT_NEAR(r.kendall_tau_b[j], reversed ? -1.0 : 1.0, 1e-12) << j;
    if (reversed)
      EXPECT_LT(r.topk_overlap[j], 0.5) << j;
    else
      EXPECT_DOUBLE_EQ(r.topk_overlap[j], 1.0) << j;
  }
  EXPECT_EQ(r.least_similar, 1u);
  EXPECT_NEAR(r.summaries[0].spearman.min, -1.0, 1e-12);
  EXPECT_NEAR(r.summaries[0].spearman.mean, 0.0, 1e-12);
}

TEST(Ranking, RejectsOptionsOutOfRange) {
  const Problem p = testing::small_problem({64}, {8});
  RankingOptions options;
  options.proxy = p.num_accels();
  EXPECT_THROW(rank_similarity(p, options), std::invalid_argument);
  options.proxy = 0;
  options.topk = 0;
  EXPECT_THROW(rank_similarity(p, options), std::invalid_argument);
  options.topk = 10;
  options.metric = Metric::area;
  EXPECT_THROW(rank_similarity(p, options), std::invalid_argument);
}

TEST(Summarise, PercentilesLikeNumpy) {
  const StatSummary s = summarise({4, 1, NAN, 3, 2, 5});
  EXPECT_EQ(s.count, 5u);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.p5, 1.2);
  EXPECT_DOUBLE_EQ(s.p50, 3);
  EXPECT_DOUBLE_EQ(s.mean, 3);
}

} // namespace
} // namespace coscan::engine

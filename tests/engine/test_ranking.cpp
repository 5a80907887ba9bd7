// The ranking-similarity analysis on a small NAS-Bench-201 problem.
#include "small_problem.hpp"

#include <coscan/engine/analyses/ranking.hpp>
#include <coscan/engine/analyses/ranking_reducer.hpp>

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

namespace coscan::engine {
namespace {

/// The grouped reducer against the row-wise reference: rank correlations to 1e-12 (they are
/// rounded differently), top-k and front overlaps exactly, the matrix to 1e-12.
void expect_matches_reference(const Problem &p, const RankingOptions &options) {
  const RankingResult grouped = rank_similarity(p, options);
  const RankingResult reference = rank_similarity_reference(p, options);
  ASSERT_EQ(grouped.spearman.size(), reference.spearman.size());
  EXPECT_EQ(grouped.proxy_front_size, reference.proxy_front_size);
  EXPECT_EQ(grouped.accel_index, reference.accel_index);
  EXPECT_EQ(grouped.dataflow, reference.dataflow);
  for (std::size_t j = 0; j < grouped.spearman.size(); ++j) {
    EXPECT_NEAR(grouped.spearman[j], reference.spearman[j], 1e-12) << j;
    EXPECT_NEAR(grouped.kendall_tau_b[j], reference.kendall_tau_b[j], 1e-12) << j;
    EXPECT_EQ(grouped.topk_overlap[j], reference.topk_overlap[j]) << j;
    EXPECT_EQ(grouped.pareto_jaccard[j], reference.pareto_jaccard[j]) << j;
    EXPECT_EQ(grouped.pareto_recall[j], reference.pareto_recall[j]) << j;
  }
  ASSERT_EQ(grouped.matrix.spearman.size(), reference.matrix.spearman.size());
  for (std::size_t i = 0; i < grouped.matrix.spearman.size(); ++i) {
    EXPECT_NEAR(grouped.matrix.spearman[i], reference.matrix.spearman[i], 1e-12) << i;
    EXPECT_NEAR(grouped.matrix.kendall_tau_b[i], reference.matrix.kendall_tau_b[i], 1e-12) << i;
  }
}

TEST(RankingReducer, MatchesTheRowWiseReference) {
  const Problem p = testing::small_problem({64, 256}, {8, 32});
  for (Metric metric : {Metric::latency, Metric::energy, Metric::edp})
    for (std::uint64_t topk : {1, 7, 100, 3000}) { // small k splits tied groups at the threshold
      RankingOptions options;
      options.metric = metric;
      options.proxy = 2;
      options.topk = topk;
      options.matrix = {0, 5, 11, 2};
      expect_matches_reference(p, options);
    }
}

TEST(RankingReducer, MatchesTheReferenceOnASampleOfArchitectures) {
  Problem p = testing::small_problem({128}, {16});
  for (std::uint64_t a = 0; a < 15625; a += 7)
    p.arch_sample.push_back(a);
  RankingOptions options;
  options.metric = Metric::latency;
  options.proxy = 1;
  options.topk = 40;
  expect_matches_reference(p, options);
}

TEST(RankingReducer, AnySplitIntoBlocksAndMergesGivesTheSameBits) {
  const Problem p = testing::small_problem({64, 128, 256}, {8, 32});
  std::vector<RankingOptions> options(2);
  options[0].metric = Metric::latency;
  options[0].proxy = 4;
  options[0].topk = 50;
  options[0].matrix = {3, 4, 17};
  options[1].metric = Metric::edp;
  options[1].proxy = 4;
  options[1].topk = 50;
  RankingReducer whole(p, options);
  whole.update_blocks(0, p.num_accels(), 1);
  ASSERT_TRUE(whole.complete());
  // Three "ranks" of uneven shares, merged in another order.
  RankingReducer root(p, options), second(p, options), third(p, options);
  root.update(0, 5);
  second.update(5, 9);
  third.update(14, p.num_accels() - 14);
  EXPECT_FALSE(root.complete());
  EXPECT_THROW(root.finish(), std::logic_error);
  root.merge(third.save());
  root.merge(second.save());
  ASSERT_TRUE(root.complete());
  EXPECT_THROW(root.merge(second.save()), std::invalid_argument); // accelerators given twice
  const auto a = whole.finish(), b = root.finish();
  ASSERT_EQ(a.size(), 2u);
  for (std::size_t m = 0; m < 2; ++m) {
    EXPECT_EQ(a[m].spearman, b[m].spearman);
    EXPECT_EQ(a[m].kendall_tau_b, b[m].kendall_tau_b);
    EXPECT_EQ(a[m].topk_overlap, b[m].topk_overlap);
    EXPECT_EQ(a[m].pareto_recall, b[m].pareto_recall);
    EXPECT_EQ(a[m].matrix.spearman, b[m].matrix.spearman);
    EXPECT_EQ(a[m].matrix.kendall_tau_b, b[m].matrix.kendall_tau_b);
  }
  EXPECT_EQ(a[0].matrix.spearman.size(), 9u);
  std::vector<std::byte> corrupt = second.save();
  corrupt.resize(corrupt.size() - 3);
  RankingReducer fresh(p, options);
  EXPECT_THROW(fresh.merge(corrupt), std::invalid_argument);
}

TEST(RankingReducer, EvaluatesOneRowPerCostGroup) {
  const Problem p = testing::small_problem({64}, {8});
  RankingReducer reducer(p, {RankingOptions{}});
  EXPECT_EQ(reducer.num_groups(), 195u); // NAS-Bench-201's count vectors
}

TEST(RankAccelBlocks, EveryBlockHasOneOwner) {
  const Problem p = testing::small_problem({64, 128, 256}, {8, 16, 32});
  for (std::uint64_t arch_block : {1000u, 4000u, 20000u})
    for (int ranks : {1, 2, 3, 7, 40}) {
      SweepOptions o;
      o.arch_block = arch_block;
      o.accel_block = 2;
      o.num_ranks = ranks;
      std::uint64_t next = 0;
      for (int r = 0; r < ranks; ++r) {
        o.rank = r;
        const BlockRange b = rank_accel_blocks(p, o);
        EXPECT_EQ(b.first, next) << arch_block << " " << ranks << " " << r;
        next = std::max(next, b.last);
      }
      EXPECT_EQ(next, (p.num_accels() + 1) / 2) << arch_block << " " << ranks;
    }
}

} // namespace
} // namespace coscan::engine

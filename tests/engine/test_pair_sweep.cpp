// Independent random pairs (`[enumeration] pairs`): the sample's properties, and its sweep
// against the factorised evaluator and a brute-force Pareto set over the same pairs, for any
// split into ranks and any thread count.
#include "engine/brute_force_pareto.hpp"
#include "engine/small_problem.hpp"

#include <coscan/engine/evaluation/pair_evaluator.hpp>
#include <coscan/engine/sweep/pair_sample.hpp>
#include <coscan/engine/sweep/sweep.hpp>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <map>
#include <mutex>
#include <set>

namespace coscan::engine {
namespace {

bool by_accel(const PairId &x, const PairId &y) {
  return x.accel != y.accel ? x.accel < y.accel : x.arch < y.arch;
}

TEST(PairSample, WithoutReplacementIsASetSortedByAccelerator) {
  const auto pairs = sample_pairs(10, 7, 70, 3, false); // every pair exactly once
  ASSERT_EQ(pairs.size(), 70u);
  EXPECT_TRUE(std::is_sorted(pairs.begin(), pairs.end(), by_accel));
  EXPECT_EQ(std::set<PairId>(pairs.begin(), pairs.end()).size(), 70u);
  const auto part = sample_pairs(1000, 1000, 500, 3, false);
  EXPECT_EQ(std::set<PairId>(part.begin(), part.end()).size(), 500u);
  for (const PairId &p : part)
    ASSERT_TRUE(p.arch < 1000 && p.accel < 1000);
  EXPECT_THROW(sample_pairs(10, 7, 71, 3, false), std::invalid_argument);
}

TEST(PairSample, WithReplacementRepeatsAndIsRoughlyUniform) {
  const auto pairs = sample_pairs(4, 5, 20000, 11, true);
  ASSERT_EQ(pairs.size(), 20000u);
  EXPECT_TRUE(std::is_sorted(pairs.begin(), pairs.end(), by_accel));
  std::map<PairId, int> counts;
  for (const PairId &p : pairs)
    ++counts[p];
  ASSERT_EQ(counts.size(), 20u); // all 20 pairs drawn, each about 1,000 times
  for (const auto &[pair, n] : counts)
    EXPECT_TRUE(n > 850 && n < 1150) << pair.arch << "," << pair.accel << ": " << n;
}

TEST(PairSample, DependsOnTheSeedOnly) {
  EXPECT_EQ(sample_pairs(15625, 64, 3000, 9, false), sample_pairs(15625, 64, 3000, 9, false));
  EXPECT_NE(sample_pairs(15625, 64, 3000, 9, false), sample_pairs(15625, 64, 3000, 10, false));
  EXPECT_EQ(sample_pairs(15625, 64, 3000, 9, true), sample_pairs(15625, 64, 3000, 9, true));
}

/// The Pareto set of the sampled pairs by brute force (repeats are one point each time).
std::vector<PairId> brute_force_pairs(const Problem &problem) {
  const auto metrics = evaluate_pairs(problem, problem.pair_sample);
  std::vector<double> values;
  for (const PairMetrics &m : metrics)
    values.insert(values.end(), {-m.accuracy, m.latency_s, m.energy_j, m.area_mm2});
  std::vector<PairId> front;
  for (std::size_t i : brute_force_front(values, 4))
    front.push_back(problem.pair_sample[i]);
  std::sort(front.begin(), front.end());
  return front;
}

SweepResult sweep_in_ranks(const Problem &problem, int ranks) {
  SweepResult total(ParetoReducer(problem.objectives));
  for (int r = 0; r < ranks; ++r) {
    SweepOptions options;
    options.arch_block = 16;
    options.accel_block = 4; // 64-pair tiles
    options.rank = r;
    options.num_ranks = ranks;
    const SweepResult part = run_sweep(problem, options);
    total.pareto.merge(part.pareto);
    total.pairs_evaluated += part.pairs_evaluated;
  }
  total.pareto.front().sort_by_id();
  return total;
}

TEST(PairSweep, EqualsBruteForceForAnyRanksAndThreads) {
  for (bool replacement : {false, true}) {
    Problem problem = testing::small_problem({64, 128, 256, 512}, {8, 16, 32});
    problem.pair_sample =
        sample_pairs(problem.archs->size(), problem.accels->size(), 5000, 21, replacement);
    const std::vector<PairId> expected = brute_force_pairs(problem);
    ASSERT_FALSE(expected.empty());
    for (int threads : {1, 2}) {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
      for (int ranks : {1, 2, 3}) {
        const SweepResult result = sweep_in_ranks(problem, ranks);
        EXPECT_EQ(result.pairs_evaluated, 5000u);
        const auto ids = result.pareto.front().ids();
        EXPECT_EQ(std::vector<PairId>(ids.begin(), ids.end()), expected)
            << ranks << " ranks, " << threads << " threads, replacement " << replacement;
      }
    }
  }
}

TEST(PairSweep, TilesCarryTheEvaluatorsValuesInListOrder) {
  Problem problem = testing::small_problem();
  problem.pair_sample = sample_pairs(problem.archs->size(), problem.accels->size(), 3000, 4, true);
  const auto expected = evaluate_pairs(problem, problem.pair_sample);
  std::vector<PairMetrics> got(problem.pair_sample.size());
  std::vector<int> seen(problem.pair_sample.size(), 0);
  std::mutex mutex;
  SweepOptions options;
  options.arch_block = 100;
  options.accel_block = 7; // 700-pair tiles, the last one short
  options.pair_sink = [&](std::uint64_t first, const PairTile &tile) {
    std::scoped_lock lock(mutex);
    for (std::size_t p = 0; p < tile.num_pairs(); ++p) {
      ASSERT_EQ(tile.ids[p], problem.pair_sample[first + p]);
      got[first + p] = {tile.accuracy[p], tile.latency_s[p], tile.energy_j[p], tile.area_mm2[p]};
      ++seen[first + p];
    }
  };
  const SweepResult result = run_sweep(problem, options);
  EXPECT_EQ(result.pairs_evaluated, 3000u);
  for (std::size_t p = 0; p < got.size(); ++p) {
    ASSERT_EQ(seen[p], 1) << p;
    // Bit-identical to the factorised evaluator (and so to a cross-product sweep).
    ASSERT_EQ(got[p].latency_s, expected[p].latency_s) << p;
    ASSERT_EQ(got[p].energy_j, expected[p].energy_j) << p;
    ASSERT_EQ(got[p].accuracy, expected[p].accuracy) << p;
    ASSERT_EQ(got[p].area_mm2, expected[p].area_mm2) << p;
  }
}

} // namespace
} // namespace coscan::engine

// A sampled sweep (the cross product of architecture and accelerator samples) against a brute
// force over the same cross product, and its candidate pruning over the sample only.
#include "engine/brute_force_pareto.hpp"
#include "engine/small_problem.hpp"

#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/search/sampling.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace coscan::engine {
namespace {

/// The brute force over the sample: a problem whose spaces are the sampled ones, by building
/// the full tile of (sample x sample) and keeping real indices.
std::vector<PairId> brute_force_sampled(const Problem &problem) {
  CostTable table;
  table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels,
              problem.accel_sample);
  ArchBlock block;
  block.gather(problem, problem.arch_sample);
  TileMetrics tile;
  evaluate_tile(block, table, tile);
  std::vector<double> values;
  for (std::size_t p = 0; p < tile.num_pairs(); ++p) {
    const std::size_t a = p / tile.accel_count, j = p % tile.accel_count;
    values.insert(values.end(),
                  {-tile.accuracy[a], tile.latency_s[p], tile.energy_j[p], tile.area_mm2[j]});
  }
  std::vector<PairId> front;
  for (std::size_t p : brute_force_front(values, 4))
    front.push_back(
        {tile.arch_index[p / tile.accel_count], tile.accel_index[p % tile.accel_count]});
  std::sort(front.begin(), front.end());
  return front;
}

TEST(SampledSweep, EqualsBruteForceOverTheSample) {
  Problem problem = testing::small_problem({64, 128, 256, 512}, {8, 16, 32});
  problem.arch_sample = search::sample_indices(problem.archs->size(), 700, 5, false);
  problem.accel_sample = search::sample_indices(problem.accels->size(), 9, 6, false);
  ASSERT_EQ(problem.num_pairs(), 700u * 9u);
  SweepOptions options;
  options.arch_block = 128;
  options.accel_block = 4;
  const SweepResult result = run_sweep(problem, options);
  EXPECT_EQ(result.pairs_evaluated, 700u * 9u);
  const auto ids = result.pareto.front().ids();
  const std::vector<PairId> got(ids.begin(), ids.end());
  EXPECT_EQ(got, brute_force_sampled(problem));
  for (const PairId &id : got) {
    EXPECT_TRUE(
        std::binary_search(problem.arch_sample.begin(), problem.arch_sample.end(), id.arch));
    EXPECT_TRUE(
        std::binary_search(problem.accel_sample.begin(), problem.accel_sample.end(), id.accel));
  }
}

// Sampled with replacement, an architecture can sit at several positions: its pairs are then
// on the front once per position, as the brute force over the sample has them, whether the
// first position's pair is offered and the others added as its ties or all are computed.
TEST(SampledSweep, ASampleWithRepeatsEqualsBruteForceOverTheSample) {
  Problem problem = testing::small_problem({64, 128, 256, 512}, {8, 16, 32});
  problem.arch_sample = search::sample_indices(problem.archs->size(), 3000, 7, true);
  problem.accel_sample = search::sample_indices(problem.accels->size(), 9, 6, false);
  std::vector<std::uint64_t> distinct = problem.arch_sample;
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  ASSERT_LT(distinct.size(), problem.arch_sample.size()); // there are repeats
  const std::vector<PairId> expected = brute_force_sampled(problem);
  SweepOptions options;
  options.arch_block = 128;
  options.accel_block = 4;
  const SweepResult alone = run_sweep(problem, options);
  EXPECT_LT(alone.pairs_computed, alone.pairs_evaluated);
  EXPECT_EQ(
      std::vector<PairId>(alone.pareto.front().ids().begin(), alone.pareto.front().ids().end()),
      expected);
  options.tile_sink = [](std::uint64_t, std::uint64_t, const TileMetrics &) {};
  const SweepResult every = run_sweep(problem, options);
  EXPECT_EQ(every.pairs_computed, every.pairs_evaluated);
  EXPECT_EQ(
      std::vector<PairId>(every.pareto.front().ids().begin(), every.pareto.front().ids().end()),
      expected);
}

TEST(SampledSweep, CandidatesAreComputedOverTheSampleOnly) {
  Problem problem = testing::small_problem();
  problem.arch_sample = search::sample_indices(problem.archs->size(), 300, 11, false);
  const ParetoCandidates candidates = ParetoCandidates::compute(problem);
  EXPECT_LE(candidates.num_candidates(), 300u);
  // Every sampled architecture that is the most accurate of its count vector *within the
  // sample* must be a candidate, even if a more accurate one exists outside the sample.
  std::uint64_t n = 0;
  for (std::uint64_t a : problem.arch_sample)
    n += candidates.is_candidate(a);
  EXPECT_EQ(n, candidates.num_candidates());
  const SweepResult result = run_sweep(problem, {});
  EXPECT_EQ(
      std::vector<PairId>(result.pareto.front().ids().begin(), result.pareto.front().ids().end()),
      brute_force_sampled([&] {
        Problem p = testing::small_problem();
        p.arch_sample = problem.arch_sample;
        for (std::uint64_t j = 0; j < p.accels->size(); ++j)
          p.accel_sample.push_back(j);
        return p;
      }()));
}

} // namespace
} // namespace coscan::engine

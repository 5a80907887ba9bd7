// The sweep's Pareto set against a brute-force front of every pair, and its independence from
// the thread count and the tile sizes.
#include "engine/brute_force_pareto.hpp"
#include "engine/small_problem.hpp"

#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/sweep/sweep.hpp>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace coscan::engine {
namespace {

std::vector<PairId> sweep_ids(const Problem &problem, std::uint64_t arch_block,
                              std::uint64_t accel_block) {
  SweepOptions options;
  options.arch_block = arch_block;
  options.accel_block = accel_block;
  const SweepResult result = run_sweep(problem, options);
  EXPECT_EQ(result.pairs_evaluated, problem.num_pairs());
  const auto ids = result.pareto.front().ids();
  return {ids.begin(), ids.end()};
}

TEST(Sweep, ParetoSetEqualsBruteForceOnNasBench201) {
  const Problem problem = testing::small_problem();
  const auto expected = brute_force_pareto(problem);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(sweep_ids(problem, 1024, 4), expected);
}

// Without a tile sink only the Pareto candidates' representatives are computed, and their
// ties are added to the front at the end; with one, every pair is computed and the
// representatives' pairs are offered. The two fronts are the same, member for member and bit
// for bit.
TEST(Sweep, RepresentativesAloneGiveTheFrontOfEveryPairComputed) {
  const Problem problem = testing::small_problem({64, 128, 256}, {8, 16, 32});
  const ParetoCandidates candidates = ParetoCandidates::compute(problem);
  ASSERT_LT(candidates.num_representatives(), candidates.num_candidates()); // ties to add
  SweepOptions options;
  options.arch_block = 1000;
  options.accel_block = 5;
  const SweepResult alone = run_sweep(problem, options);
  std::atomic<std::uint64_t> sunk{0};
  options.tile_sink = [&](std::uint64_t, std::uint64_t, const TileMetrics &tile) {
    sunk += tile.num_pairs();
  };
  const SweepResult every = run_sweep(problem, options);
  EXPECT_EQ(sunk.load(), problem.num_pairs());
  EXPECT_EQ(every.pairs_computed, problem.num_pairs());
  EXPECT_EQ(alone.pairs_evaluated, problem.num_pairs());
  EXPECT_EQ(alone.pairs_computed, candidates.num_representatives() * problem.num_accels());
  const ParetoFront &a = alone.pareto.front(), &b = every.pareto.front();
  ASSERT_GT(a.size(), 0u);
  EXPECT_TRUE(std::ranges::equal(a.ids(), b.ids()));
  ASSERT_EQ(a.values().size(), b.values().size());
  EXPECT_EQ(std::memcmp(a.values().data(), b.values().data(), a.values().size() * sizeof(double)),
            0);
  EXPECT_EQ(std::vector<PairId>(a.ids().begin(), a.ids().end()), brute_force_pareto(problem));
}

TEST(Sweep, ResultIsIdenticalForAnyThreadCountAndTileSize) {
  const Problem problem = testing::small_problem();
  std::vector<PairId> one_thread;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    one_thread = sweep_ids(problem, 1024, 64);
  }
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
    EXPECT_EQ(sweep_ids(problem, 1024, 64), one_thread);
    EXPECT_EQ(sweep_ids(problem, 97, 3), one_thread);
    EXPECT_EQ(sweep_ids(problem, 15625, 1), one_thread);
  }
}

// A multi-threaded sweep checkpointed after every wave, and resumed from its checkpoints with one
// or two threads, gives the uninterrupted set.
TEST(Sweep, CheckpointedWavesAndResumesGiveTheSameSet) {
  const Problem problem = testing::small_problem({64, 128, 256, 512}, {8, 16, 32});
  std::vector<PairId> one_thread;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    one_thread = sweep_ids(problem, 1024, 8);
  }
  std::vector<SweepState> states;
  SweepOptions options;
  options.arch_block = 1024;
  options.accel_block = 1; // 36 blocks: waves of 4 blocks per thread
  options.checkpoint_due = [] { return true; };
  options.checkpoint = [&](const SweepState &state) { states.push_back(state); };
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
    const SweepResult whole = run_sweep(problem, options);
    const auto ids = whole.pareto.front().ids();
    EXPECT_EQ(std::vector<PairId>(ids.begin(), ids.end()), one_thread);
  }
  ASSERT_GE(states.size(), 2u);
  for (const std::size_t threads : {1, 2}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    for (const SweepState &state : {states.front(), states[states.size() / 2]}) {
      SweepOptions resumed = options;
      resumed.checkpoint = nullptr;
      resumed.resume = &state;
      const SweepResult result = run_sweep(problem, resumed);
      const auto ids = result.pareto.front().ids();
      EXPECT_EQ(std::vector<PairId>(ids.begin(), ids.end()), one_thread)
          << "threads " << threads << " next tile " << state.next_tile;
      EXPECT_EQ(result.pairs_evaluated, problem.num_pairs());
    }
  }
}

} // namespace
} // namespace coscan::engine

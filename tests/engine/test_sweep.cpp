// The sweep's Pareto set against a brute-force front of every pair, and its independence from
// the thread count and the tile sizes.
#include "engine/brute_force_pareto.hpp"
#include "engine/small_problem.hpp"

#include <coscan/engine/factorised_evaluator.hpp>
#include <coscan/engine/sweep.hpp>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

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

} // namespace
} // namespace coscan::engine

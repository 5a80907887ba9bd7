// rank_tiles: each rank's range of the sweep's tiles is the one its sweep runs (result.tiles),
// and the ranges of all ranks cover the whole tile order, for a cross product and for an
// independent-pair sample.
#include "engine/small_problem.hpp"

#include <coscan/engine/sweep/pair_sample.hpp>
#include <coscan/engine/sweep/sweep.hpp>

#include <gtest/gtest.h>

namespace coscan::engine {
namespace {

void expect_ranges_match_the_sweeps(const Problem &problem, std::uint64_t arch_block,
                                    std::uint64_t accel_block, std::uint64_t expected_tiles) {
  std::uint64_t covered = 0;
  for (int ranks : {1, 2, 3}) {
    covered = 0;
    for (int r = 0; r < ranks; ++r) {
      SweepOptions options;
      options.arch_block = arch_block;
      options.accel_block = accel_block;
      options.rank = r;
      options.num_ranks = ranks;
      const TileRange range = rank_tiles(problem, options);
      EXPECT_EQ(range.first, covered) << r << " of " << ranks;
      covered = range.last;
      EXPECT_EQ(run_sweep(problem, options).tiles, range.last - range.first)
          << r << " of " << ranks;
    }
    EXPECT_EQ(covered, expected_tiles) << ranks << " ranks";
  }
}

TEST(RankTiles, CrossProductRangesAreTheSweepsAndCoverEveryTile) {
  const Problem problem = testing::small_problem(); // 15,625 archs x 12 accels
  ASSERT_EQ(problem.num_accels(), 12u);
  // ceil(15625 / 4000) = 4 architecture blocks x ceil(12 / 5) = 3 accelerator blocks.
  expect_ranges_match_the_sweeps(problem, 4000, 5, 12);
}

TEST(RankTiles, PairSampleRangesAreTheSweepsAndCoverEveryTile) {
  Problem problem = testing::small_problem();
  problem.pair_sample = sample_pairs(problem.archs->size(), problem.accels->size(), 1000, 3, false);
  expect_ranges_match_the_sweeps(problem, 7, 11, (1000 + 76) / 77);
}

} // namespace
} // namespace coscan::engine

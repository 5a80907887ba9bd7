#include <coscan/engine/sweep/sweep.hpp>

namespace coscan::engine {

TileRange rank_tiles(const Problem &problem, const SweepOptions &options) {
  const auto blocks = [](std::uint64_t n, std::uint64_t block) { return (n + block - 1) / block; };
  // As run_sweep and run_pair_sweep number them.
  const std::uint64_t tiles =
      problem.pair_sample.empty()
          ? blocks(problem.num_archs(), options.arch_block) *
                blocks(problem.num_accels(), options.accel_block)
          : blocks(problem.pair_sample.size(), options.arch_block * options.accel_block);
  return tiles_of_rank(tiles, options.rank, options.num_ranks);
}

BlockRange rank_accel_blocks(const Problem &problem, const SweepOptions &options) {
  const auto blocks = [](std::uint64_t n, std::uint64_t block) { return (n + block - 1) / block; };
  const std::uint64_t arch_blocks = blocks(problem.num_archs(), options.arch_block);
  const TileRange mine = rank_tiles(problem, options);
  // Block b's first tile is b * arch_blocks: the blocks whose first tile is in [first, last).
  return {blocks(mine.first, arch_blocks), blocks(mine.last, arch_blocks)};
}

} // namespace coscan::engine

#include <coscan/engine/sweep.hpp>

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

} // namespace coscan::engine

#include <coscan/engine/sweep/tile_plan.hpp>

#include <coscan/engine/sweep/parallel.hpp>

#include <algorithm>
#include <chrono>
#include <span>
#include <vector>

namespace coscan::engine {

TileSpan tile_span(const Problem &problem, std::uint64_t arch_block, std::uint64_t accel_block,
                   std::uint64_t tile) {
  const std::uint64_t arch_blocks = (problem.num_archs() + arch_block - 1) / arch_block;
  TileSpan span;
  span.arch = tile % arch_blocks * arch_block;
  span.accel = tile / arch_blocks * accel_block;
  span.archs = std::min(problem.num_archs(), span.arch + arch_block) - span.arch;
  span.accels = std::min(problem.num_accels(), span.accel + accel_block) - span.accel;
  return span;
}

void build_block_table(const Problem &problem, std::uint64_t first, std::uint64_t count,
                       CostTable &table, std::span<const std::uint64_t> positions) {
  const auto &vocabulary = problem.archs->vocabulary();
  if (!positions.empty()) {
    std::vector<std::uint64_t> indices(count);
    for (std::uint64_t j = 0; j < count; ++j)
      indices[j] = problem.accel_at(positions[first + j]);
    table.build(*problem.cost_model, vocabulary, *problem.accels, indices);
  } else if (problem.accel_sample.empty()) {
    table.build(*problem.cost_model, vocabulary, *problem.accels, first, count);
  } else {
    table.build(*problem.cost_model, vocabulary, *problem.accels,
                std::span(problem.accel_sample).subspan(first, count));
  }
}

void for_each_tile(
    const Problem &problem, TileRange tiles, std::uint64_t num_arch_blocks,
    std::uint64_t accel_block,
    const std::function<void(std::uint64_t, std::uint64_t, const CostTable &)> &visit,
    const std::function<void(double)> &table_built,
    std::span<const std::uint64_t> accel_positions) {
  if (tiles.first >= tiles.last || num_arch_blocks == 0)
    return;
  const std::uint64_t nA = num_arch_blocks;
  const std::uint64_t num_accels =
      accel_positions.empty() ? problem.num_accels() : accel_positions.size();
  engine::parallel_for(tiles.first / nA, (tiles.last - 1) / nA + 1, [&](std::uint64_t b) {
    // The table lives in this task's frame, not in thread-local storage: while the nested loop
    // below waits, this thread may run another accelerator block's task.
    const auto start = std::chrono::steady_clock::now();
    CostTable table;
    const std::uint64_t first = b * accel_block;
    build_block_table(problem, first, std::min(accel_block, num_accels - first), table,
                      accel_positions);
    if (table_built)
      table_built(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    const std::uint64_t first_arch_block = std::max(tiles.first, b * nA) - b * nA;
    const std::uint64_t end_arch_block = std::min(tiles.last, (b + 1) * nA) - b * nA;
    engine::parallel_for(first_arch_block, end_arch_block,
                         [&](std::uint64_t i) { visit(i, b, table); });
  });
}

} // namespace coscan::engine

#pragma once
// The tile plan, in one place: tile t of a cross-product sweep is architecture block
// t % num_arch_blocks x accelerator block t / num_arch_blocks (accelerator-block-major, so one
// cost table serves a run of tiles), and an accelerator block's cost table covers positions of
// the problem's (possibly sampled) accelerator list. The sweep, verify's passes and the ranking
// all walk tiles and build tables through these functions.
#include <coscan/engine/evaluation/cost_table.hpp>
#include <coscan/engine/evaluation/problem.hpp>
#include <coscan/engine/sweep/sweep.hpp>

#include <cstdint>
#include <functional>
#include <span>

namespace coscan::engine {

/// Where tile t of a cross product sits: architecture positions [arch, arch + archs) x
/// accelerator positions [accel, accel + accels) of the problem's lists.
struct TileSpan {
  std::uint64_t arch = 0, archs = 0, accel = 0, accels = 0;
};
TileSpan tile_span(const Problem &problem, std::uint64_t arch_block, std::uint64_t accel_block,
                   std::uint64_t tile);

/// The cost table of accelerator positions [first, first + count) of the problem's list, or,
/// when `positions` is not empty, of the positions positions[first, first + count).
void build_block_table(const Problem &problem, std::uint64_t first, std::uint64_t count,
                       CostTable &table, std::span<const std::uint64_t> positions = {});

/// Calls visit(arch_block, accel_block, table) for every tile in `tiles` (numbered as above),
/// in parallel (oneTBB): one task per accelerator block builds its table, then runs that
/// block's tiles. visit runs concurrently and must only touch thread-local or disjoint state.
/// `table_built` (optional) is told each table's build time in seconds. `accel_positions`, when
/// not empty, is the list the accelerator blocks cut (positions of the problem's list: the
/// Pareto sweep's candidates); otherwise the problem's whole list.
void for_each_tile(const Problem &problem, TileRange tiles, std::uint64_t num_arch_blocks,
                   std::uint64_t accel_block,
                   const std::function<void(std::uint64_t arch_block, std::uint64_t accel_block,
                                            const CostTable &table)> &visit,
                   const std::function<void(double seconds)> &table_built = {},
                   std::span<const std::uint64_t> accel_positions = {});

} // namespace coscan::engine

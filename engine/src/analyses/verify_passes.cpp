// The passes of verify over the pair space: tiles, the per-architecture constrained optima, the
// reduced spaces' Pareto fronts and proxy columns.
#include "analyses/verify_passes.hpp"
#include <coscan/engine/sweep/parallel.hpp>

#include <coscan/engine/evaluation/cost_groups.hpp>
#include <coscan/engine/evaluation/cost_table.hpp>
#include <coscan/engine/sweep/tile_plan.hpp>

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace coscan::engine::detail {
namespace {

/// The positions whose architecture can be on the Pareto front of (positions x accelerators):
/// as in ParetoCandidates, architectures of one cost group (cost_groups.hpp) cost the same on
/// every accelerator, so when accuracy is maximised only the most accurate of each group (ties
/// all kept) can be; otherwise, or where costs are whole-network values, all of them.
std::vector<std::uint64_t> front_candidates(const Problem &problem,
                                            std::span<const std::uint64_t> positions,
                                            const std::vector<Objective> &objectives) {
  std::vector<std::uint64_t> all(positions.begin(), positions.end());
  const bool accuracy_maximised =
      std::find(objectives.begin(), objectives.end(),
                Objective{Metric::accuracy, Sense::maximize}) != objectives.end();
  if (!accuracy_maximised || !groups_by_cost(problem))
    return all;
  const std::vector<std::uint8_t> keep =
      most_accurate(problem, positions, CostGroups::compute(problem, positions));
  std::vector<std::uint64_t> kept;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (keep[i])
      kept.push_back(all[i]);
  return kept;
}

} // namespace

ArchTiles::ArchTiles(const Problem &problem, std::span<const std::uint64_t> positions,
                     std::uint64_t block)
    : positions_(positions.begin(), positions.end()), block_(std::max<std::uint64_t>(1, block)) {
  const std::size_t n = (positions_.size() + block_ - 1) / block_;
  blocks_.resize(n);
  engine::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
    const std::size_t first = i * block_, count = std::min<std::size_t>(block_, size() - first);
    std::vector<std::uint64_t> indices(count);
    for (std::size_t a = 0; a < count; ++a)
      indices[a] = problem.arch_at(positions_[first + a]);
    blocks_[i].gather(problem, indices);
  });
}

void for_each_tile(const Problem &problem, const ArchTiles &archs, std::uint64_t accel_block,
                   BlockRange blocks,
                   const std::function<void(const TileMetrics &, std::uint64_t accel_first,
                                            std::size_t arch_block)> &visit) {
  const std::uint64_t block = std::max<std::uint64_t>(1, accel_block);
  const std::uint64_t last_block =
      std::min(blocks.last, (problem.num_accels() + block - 1) / block);
  const std::uint64_t nA = archs.num_blocks();
  tbb::enumerable_thread_specific<TileMetrics> tiles;
  engine::for_each_tile(problem, {std::min(blocks.first, last_block) * nA, last_block * nA}, nA,
                        block, [&](std::uint64_t i, std::uint64_t b, const CostTable &table) {
                          TileMetrics &tile = tiles.local();
                          evaluate_tile(archs.block(i), table, tile);
                          visit(tile, b * block, i);
                        });
}

std::vector<std::vector<ArchBest>> best_per_arch(const Problem &problem, const ArchTiles &archs,
                                                 const std::vector<VerifyTarget> &targets,
                                                 std::uint64_t accel_block, BlockRange blocks) {
  const std::size_t n = archs.size();
  auto empty_state = [&] {
    std::vector<std::vector<ArchBest>> state(targets.size());
    for (std::size_t t = 0; t < targets.size(); ++t)
      if (targets[t].kind != TargetKind::pareto)
        state[t].resize(n);
    return state;
  };
  tbb::enumerable_thread_specific<std::vector<std::vector<ArchBest>>> states(empty_state);
  for_each_tile(problem, archs, accel_block, blocks,
                [&](const TileMetrics &tile, std::uint64_t accel_first, std::size_t block) {
                  auto &state = states.local();
                  for (std::size_t t = 0; t < targets.size(); ++t) {
                    if (state[t].empty())
                      continue;
                    const VerifyTarget &target = targets[t];
                    for (std::size_t a = 0; a < tile.arch_count; ++a) {
                      ArchBest &best = state[t][archs.position(block, a)];
                      for (std::size_t j = 0; j < tile.accel_count; ++j) {
                        if (!feasible(target, tile, a, j))
                          continue;
                        const ArchBest candidate{signed_value(target, tile, a, j), accel_first + j};
                        if (candidate.better_than(best))
                          best = candidate;
                      }
                    }
                  }
                });
  std::vector<std::vector<ArchBest>> best = empty_state();
  for (const auto &state : states)
    for (std::size_t t = 0; t < targets.size(); ++t)
      for (std::size_t a = 0; a < state[t].size(); ++a)
        if (state[t][a].better_than(best[t][a]))
          best[t][a] = state[t][a];
  return best;
}

std::vector<std::byte> save_best(const std::vector<std::vector<ArchBest>> &best) {
  std::vector<std::byte> out;
  for (const auto &per_target : best) {
    const auto *p = reinterpret_cast<const std::byte *>(per_target.data());
    out.insert(out.end(), p, p + per_target.size() * sizeof(ArchBest));
  }
  return out;
}

void merge_best(std::vector<std::vector<ArchBest>> &best, std::span<const std::byte> state) {
  std::size_t at = 0;
  for (auto &per_target : best)
    for (ArchBest &b : per_target) {
      if (state.size() - at < sizeof(ArchBest))
        throw std::runtime_error("verify: a truncated per-architecture state");
      ArchBest other;
      std::memcpy(&other, state.data() + at, sizeof other);
      at += sizeof other;
      if (other.better_than(b))
        b = other;
    }
  if (at != state.size())
    throw std::runtime_error("verify: a per-architecture state of another size");
}

ParetoFront reduced_front(const Problem &problem, std::span<const std::uint64_t> positions,
                          const std::vector<Objective> &objectives, std::uint64_t arch_block,
                          std::uint64_t accel_block, BlockRange blocks) {
  ParetoReducer merged(objectives);
  const std::vector<std::uint64_t> candidates = front_candidates(problem, positions, objectives);
  if (!candidates.empty()) {
    const ArchTiles archs(problem, candidates, arch_block);
    tbb::enumerable_thread_specific<ParetoReducer> reducers(std::cref(objectives));
    for_each_tile(problem, archs, accel_block, blocks,
                  [&](const TileMetrics &tile, std::uint64_t, std::size_t) {
                    reducers.local().update(tile);
                  });
    for (const ParetoReducer &reducer : reducers)
      merged.merge(reducer);
  }
  merged.front().sort_by_id();
  return merged.front();
}

std::vector<double> proxy_column(const Problem &problem, const ArchTiles &archs,
                                 std::uint64_t proxy, Metric metric) {
  CostTable table;
  build_block_table(problem, proxy, 1, table);
  std::vector<double> column(archs.size());
  engine::parallel_for(std::size_t{0}, archs.num_blocks(), [&](std::size_t i) {
    TileMetrics tile;
    evaluate_tile(archs.block(i), table, tile);
    for (std::size_t a = 0; a < tile.arch_count; ++a)
      column[archs.position(i, a)] = tile.value(metric, a, 0);
  });
  return column;
}

} // namespace coscan::engine::detail

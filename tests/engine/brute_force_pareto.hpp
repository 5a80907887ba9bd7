#pragma once
// The exact Pareto set of every pair of a small problem by brute force, without the engine's
// sweep or its candidate pruning: the reference the sweep is tested against.
#include <coscan/engine/evaluation/factorised_evaluator.hpp>

#include <algorithm>
#include <vector>

namespace coscan::engine {

/// Every pair of the problem's (possibly sampled) architecture and accelerator lists.
inline std::vector<PairId> brute_force_pareto(const Problem &problem) {
  const std::uint64_t na = problem.num_archs(), nj = problem.num_accels();
  std::vector<std::uint64_t> archs(na), accels(nj);
  for (std::uint64_t a = 0; a < na; ++a)
    archs[a] = problem.arch_at(a);
  for (std::uint64_t j = 0; j < nj; ++j)
    accels[j] = problem.accel_at(j);
  CostTable table;
  table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, accels);
  ArchBlock block;
  block.gather(problem, archs);
  TileMetrics tile;
  evaluate_tile(block, table, tile);
  const std::size_t k = problem.objectives.size();
  std::vector<double> values;
  for (std::uint64_t a = 0; a < na; ++a)
    for (std::uint64_t j = 0; j < nj; ++j)
      for (const Objective &o : problem.objectives) {
        const double v = tile.value(o.metric, a, j);
        values.push_back(o.sense == Sense::maximize ? -v : v);
      }
  // O(n^2) over every pair at once is too slow. A pair dominated by another pair on its own
  // accelerator is off the front, and by transitivity every dominated pair is dominated by a
  // member of some accelerator's own front: brute-force each accelerator, then the union.
  std::vector<double> candidates;
  std::vector<PairId> candidate_ids;
  for (std::uint64_t j = 0; j < nj; ++j) {
    std::vector<double> column;
    for (std::uint64_t a = 0; a < na; ++a)
      column.insert(column.end(), values.begin() + (a * nj + j) * k,
                    values.begin() + (a * nj + j) * k + k);
    for (std::size_t a : brute_force_front(column, k)) {
      candidates.insert(candidates.end(), column.begin() + a * k, column.begin() + a * k + k);
      candidate_ids.push_back({archs[a], accels[j]});
    }
  }
  std::vector<PairId> front;
  for (std::size_t i : brute_force_front(candidates, k))
    front.push_back(candidate_ids[i]);
  std::sort(front.begin(), front.end());
  return front;
}

} // namespace coscan::engine

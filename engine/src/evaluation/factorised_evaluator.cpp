#include "evaluation/row_kernel.hpp"

#include <coscan/engine/evaluation/factorised_evaluator.hpp>

#include <algorithm>

namespace coscan::engine {

void ArchBlock::gather(const Problem &problem, std::uint64_t first_arch, std::uint64_t num_archs,
                       const ParetoCandidates *candidates) {
  std::vector<std::uint64_t> indices(num_archs);
  for (std::uint64_t a = 0; a < num_archs; ++a)
    indices[a] = first_arch + a;
  gather(problem, indices, candidates);
}

void ArchBlock::gather(const Problem &problem, std::span<const std::uint64_t> indices,
                       const ParetoCandidates *candidates) {
  const std::uint64_t num_archs = indices.size();
  count = num_archs;
  index.assign(indices.begin(), indices.end());
  row_start.assign(1, 0);
  shape.clear();
  count_value.clear();
  accuracy.resize(num_archs);
  params.resize(num_archs);
  pareto_candidate.resize(num_archs);
  std::vector<search::LayerCount> counts;
  for (std::uint64_t a = 0; a < num_archs; ++a) {
    problem.archs->layer_counts(indices[a], counts);
    for (const auto &lc : counts) {
      shape.push_back(lc.shape);
      count_value.push_back(static_cast<double>(lc.count));
    }
    row_start.push_back(static_cast<std::uint32_t>(shape.size()));
    accuracy[a] = problem.accuracy->at(indices[a]);
    params[a] = static_cast<double>(problem.archs->params(indices[a]));
    pareto_candidate[a] = candidates ? candidates->is_candidate(indices[a]) : 1;
  }
}

void evaluate_tile(const ArchBlock &archs, const CostTable &table, TileMetrics &out) {
  const std::size_t nj = table.num_accels();
  out.arch_count = archs.count;
  out.accel_count = nj;
  out.arch_index = archs.index;
  out.accel_index.assign(table.accel_indices().begin(), table.accel_indices().end());
  out.latency_s.resize(archs.count * nj);
  out.energy_j.resize(archs.count * nj);
  out.accuracy = archs.accuracy;
  out.pareto_candidate = archs.pareto_candidate;
  out.area_mm2.assign(table.area_mm2().begin(), table.area_mm2().end());
  for (std::uint64_t a = 0; a < archs.count; ++a)
    detail::evaluate_row(archs, a, table, 0, nj, &out.latency_s[a * nj], &out.energy_j[a * nj]);
}

PairMetrics evaluate_pair_factorised(const Problem &problem, std::uint64_t arch,
                                     std::uint64_t accel) {
  CostTable table;
  table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, accel, 1);
  ArchBlock block;
  block.gather(problem, arch, 1);
  TileMetrics tile;
  evaluate_tile(block, table, tile);
  return {tile.accuracy[0], tile.latency_s[0], tile.energy_j[0], tile.area_mm2[0]};
}

} // namespace coscan::engine

// The row-wise reference of the ranking analysis: every architecture's row evaluated for every
// accelerator, and the rank statistics over the full columns. RankingReducer (the grouped path
// every command uses) is tested against it.
#include <coscan/engine/analyses/rank_statistics.hpp>
#include <coscan/engine/analyses/ranking.hpp>
#include <coscan/engine/analyses/ranking_reducer.hpp>
#include <coscan/engine/evaluation/cost_table.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/evaluation/tile_metrics.hpp>

#include <coscan/engine/sweep/parallel.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace coscan::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Column j of a tile's metric (arch-major), into `out`.
void column(const TileMetrics &tile, Metric metric, std::size_t j, std::vector<double> &out) {
  const std::size_t nj = tile.accel_count;
  out.resize(tile.arch_count);
  for (std::size_t a = 0; a < tile.arch_count; ++a) {
    const double latency = tile.latency_s[a * nj + j], energy = tile.energy_j[a * nj + j];
    out[a] = metric == Metric::latency  ? latency
             : metric == Metric::energy ? energy
                                        : energy * latency;
  }
}

} // namespace

RankingResult rank_similarity_reference(const Problem &problem, const RankingOptions &options) {
  check_ranking_options(problem, options);
  const std::uint64_t num_archs = problem.num_archs(), num_accels = problem.num_accels();

  RankingResult r = ranking_result_for(problem, options);

  // H for every architecture, once; read-only afterwards.
  std::vector<std::uint64_t> arch_indices(num_archs);
  for (std::uint64_t p = 0; p < num_archs; ++p)
    arch_indices[p] = problem.arch_at(p);
  ArchBlock archs;
  archs.gather(problem, arch_indices);
  const std::span<const double> accuracy = archs.accuracy;
  const auto vocabulary = problem.archs->vocabulary();

  // The proxy's column and what every comparison needs of it.
  std::vector<double> proxy;
  {
    CostTable table;
    const std::uint64_t index[] = {r.proxy_accel_index};
    table.build(*problem.cost_model, vocabulary, *problem.accels, index);
    TileMetrics tile;
    evaluate_tile(archs, table, tile);
    column(tile, options.metric, 0, proxy);
  }
  const std::vector<std::size_t> proxy_top = top_k(proxy, options.topk);
  const std::vector<double> proxy_ranks = average_ranks(proxy);
  const std::vector<std::size_t> proxy_front = accuracy_metric_front(accuracy, proxy);
  r.proxy_front_size = proxy_front.size();

  r.accel_index.resize(num_accels);
  r.dataflow.resize(num_accels);
  for (auto *v :
       {&r.spearman, &r.kendall_tau_b, &r.topk_overlap, &r.pareto_jaccard, &r.pareto_recall})
    v->assign(num_accels, kNaN);

  // Matrix columns: position -> column of `matrix_values`.
  const std::size_t m = options.matrix.size();
  Eigen::MatrixXd matrix_values(m ? static_cast<Eigen::Index>(num_archs) : 0,
                                static_cast<Eigen::Index>(m));
  std::vector<std::int64_t> matrix_slot(m ? num_accels : 0, -1);
  for (std::size_t c = 0; c < m; ++c)
    matrix_slot[options.matrix[c]] = static_cast<std::int64_t>(c);

  const std::uint64_t block = std::max<std::uint64_t>(1, options.accel_block);
  const std::uint64_t num_blocks = (num_accels + block - 1) / block;
  engine::parallel_for(std::uint64_t{0}, num_blocks, [&](std::uint64_t b) {
    const std::uint64_t first = b * block, count = std::min(block, num_accels - first);
    std::vector<std::uint64_t> indices(count);
    for (std::uint64_t j = 0; j < count; ++j)
      indices[j] = problem.accel_at(first + j);
    CostTable table;
    table.build(*problem.cost_model, vocabulary, *problem.accels, indices);
    TileMetrics tile;
    evaluate_tile(archs, table, tile);
    std::vector<double> values;
    for (std::uint64_t j = 0; j < count; ++j) {
      const std::uint64_t position = first + j;
      column(tile, options.metric, j, values);
      r.accel_index[position] = indices[j];
      r.dataflow[position] = problem.accels->label(indices[j]);
      r.spearman[position] = pearson(proxy_ranks, average_ranks(values));
      r.kendall_tau_b[position] = kendall_tau_b(proxy, values);
      const std::vector<std::size_t> top = top_k(values, options.topk);
      std::vector<std::size_t> common;
      std::set_intersection(top.begin(), top.end(), proxy_top.begin(), proxy_top.end(),
                            std::back_inserter(common));
      r.topk_overlap[position] =
          static_cast<double>(common.size()) / static_cast<double>(options.topk);
      const FrontOverlap overlap =
          front_overlap(accuracy_metric_front(accuracy, values), proxy_front);
      r.pareto_jaccard[position] = overlap.jaccard;
      r.pareto_recall[position] = overlap.recall;
      if (m && matrix_slot[position] >= 0)
        std::copy(values.begin(), values.end(), matrix_values.col(matrix_slot[position]).data());
    }
  });

  if (m) {
    RankingMatrix &mx = r.matrix;
    mx.position = options.matrix;
    for (std::uint64_t p : options.matrix)
      mx.accel_index.push_back(problem.accel_at(p));
    const Eigen::MatrixXd rho = spearman_matrix(matrix_values);
    mx.spearman.resize(m * m);
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < m; ++j)
        mx.spearman[i * m + j] = rho(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    mx.kendall_tau_b.assign(m * m, kNaN);
    const auto n = static_cast<std::size_t>(num_archs);
    engine::parallel_for(std::size_t{0}, m, [&](std::size_t i) {
      const std::span<const double> xi(matrix_values.col(static_cast<Eigen::Index>(i)).data(), n);
      for (std::size_t j = i; j < m; ++j) {
        const std::span<const double> xj(matrix_values.col(static_cast<Eigen::Index>(j)).data(), n);
        const double tau = kendall_tau_b(xi, xj);
        mx.kendall_tau_b[i * m + j] = tau;
        mx.kendall_tau_b[j * m + i] = tau;
      }
    });
  }
  return r;
}

} // namespace coscan::engine

namespace coscan::engine {

RankingResult rank_similarity(const Problem &problem, const RankingOptions &options) {
  RankingReducer reducer(problem, {options});
  const std::uint64_t block = std::max<std::uint64_t>(1, options.accel_block);
  reducer.update_blocks(0, (problem.num_accels() + block - 1) / block, block);
  return reducer.finish().front();
}

} // namespace coscan::engine

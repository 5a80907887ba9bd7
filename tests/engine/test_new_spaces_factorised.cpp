// Factorised (H . T) against direct (every layer through the scalar model) on samples of the
// FBNet (both variants), IMC block and networks spaces.
#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/engine/evaluation/direct_evaluator.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/search/fbnet.hpp>
#include <coscan/search/networks.hpp>
#include <coscan/search/sampling.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace coscan::engine {
namespace {

using costmodel::Dataflow;

Problem problem_over(std::unique_ptr<search::ArchSpace> archs) {
  Problem p;
  p.archs = std::move(archs);
  search::AccelGrid grid;
  grid.dataflow = {Dataflow::weight_stationary, Dataflow::output_stationary,
                   Dataflow::row_stationary};
  grid.num_pes = {64, 256};
  grid.l1_bytes = {256};
  grid.l2_kib = {64};
  grid.noc_bw = {64};
  grid.offchip_bw = {16};
  grid.clock_mhz = {500};
  p.accels = std::make_unique<search::AccelSpace>(grid);
  p.cost_model = std::make_unique<costmodel::AnalyticalModel>();
  p.accuracy = std::make_unique<search::ProxyAccuracy>(*p.archs);
  p.objectives = {{Metric::accuracy, Sense::maximize}, {Metric::latency, Sense::minimize}};
  return p;
}

/// Every pair of `indices` x all accelerators, the tile against the direct path.
void expect_factorised_equals_direct(const Problem &problem,
                                     const std::vector<std::uint64_t> &indices) {
  CostTable table;
  table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, 0,
              problem.accels->size());
  ArchBlock block;
  block.gather(problem, indices);
  TileMetrics tile;
  evaluate_tile(block, table, tile);
  const std::uint64_t n = problem.accels->size();
  for (std::size_t a = 0; a < indices.size(); ++a)
    for (std::uint64_t j = 0; j < n; ++j) {
      const PairMetrics direct = evaluate_pair_direct(problem, indices[a], j);
      const std::size_t p = a * n + j;
      ASSERT_GT(direct.latency_s, 0);
      ASSERT_LE(std::abs(tile.latency_s[p] - direct.latency_s), 1e-12 * direct.latency_s)
          << problem.archs->arch_str(indices[a]) << " accel " << j;
      ASSERT_LE(std::abs(tile.energy_j[p] - direct.energy_j), 1e-12 * direct.energy_j)
          << problem.archs->arch_str(indices[a]) << " accel " << j;
      ASSERT_EQ(tile.accuracy[a], direct.accuracy);
    }
}

std::vector<std::uint64_t> first(std::uint64_t n) {
  std::vector<std::uint64_t> out(n);
  for (std::uint64_t i = 0; i < n; ++i)
    out[i] = i;
  return out;
}

TEST(NewSpacesFactorised, FbnetSamplesOfBothVariants) {
  for (const char *kind : {"fbnet", "fbnet_imagenet"}) {
    auto space = search::make_arch_space(kind);
    auto &wide = dynamic_cast<search::WideArchSpace &>(*space);
    wide.set_list(search::sample_wide(wide, 300, 42, false));
    const Problem problem = problem_over(std::move(space));
    expect_factorised_equals_direct(problem, first(300));
  }
}

TEST(NewSpacesFactorised, ImcBlocksSample) {
  const Problem problem = problem_over(search::make_arch_space("imc_blocks"));
  std::vector<std::uint64_t> indices = first(200); // all of depth 1, the start of depth 2
  const auto drawn = search::sample_indices(problem.archs->size(), 300, 7, false);
  indices.insert(indices.end(), drawn.begin(), drawn.end());
  expect_factorised_equals_direct(problem, indices);
}

TEST(NewSpacesFactorised, NetworksSpace) {
  using costmodel::LayerShape;
  using costmodel::LayerType;
  const LayerShape conv{.type = LayerType::conv, .k = 32, .c = 3, .r = 3, .s = 3, .y = 34, .x = 34};
  const LayerShape dw{.type = LayerType::depthwise,
                      .k = 32,
                      .c = 32,
                      .r = 3,
                      .s = 3,
                      .y = 34,
                      .x = 34,
                      .groups = 32};
  const LayerShape head{.type = LayerType::fc, .k = 10, .c = 32};
  const Problem problem = problem_over(
      std::make_unique<search::NetworksSpace>(std::vector<search::NetworksSpace::Network>{
          {"a", {conv, dw, dw, head}}, {"b", {conv, head}}}));
  expect_factorised_equals_direct(problem, {0, 1});
}

} // namespace
} // namespace coscan::engine

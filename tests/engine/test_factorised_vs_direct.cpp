// The factorised path (H . T) against the direct reference path (every layer through the
// scalar model) on the whole NAS-Bench-201 space.
#include "engine/small_problem.hpp"

#include <coscan/engine/evaluation/direct_evaluator.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/evaluation/pair_evaluator.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace coscan::engine {
namespace {

// Summation order differs (count x cost vs layer by layer), so agreement is to rounding.
constexpr double kRelTol = 1e-12;

void expect_close(double factorised, double direct, const char *what, std::uint64_t a,
                  std::uint64_t j) {
  ASSERT_LE(std::abs(factorised - direct), kRelTol * std::abs(direct))
      << what << " of pair (" << a << ", " << j << "): factorised " << factorised << " direct "
      << direct;
}

TEST(FactorisedVsDirect, WholeNasBench201SpaceOnSixAccelerators) {
  const Problem problem = testing::small_problem({64, 256}, {16});
  ASSERT_EQ(problem.accels->size(), 6u);
  CostTable table;
  table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, 0,
              problem.accels->size());
  ArchBlock block;
  block.gather(problem, 0, problem.archs->size());
  TileMetrics tile;
  evaluate_tile(block, table, tile);

  for (std::uint64_t a = 0; a < problem.archs->size(); ++a) {
    for (std::uint64_t j = 0; j < problem.accels->size(); ++j) {
      const PairMetrics direct = evaluate_pair_direct(problem, a, j);
      const std::size_t p = a * problem.accels->size() + j;
      expect_close(tile.latency_s[p], direct.latency_s, "latency", a, j);
      expect_close(tile.energy_j[p], direct.energy_j, "energy", a, j);
      ASSERT_EQ(tile.area_mm2[j], direct.area_mm2);
      ASSERT_EQ(tile.accuracy[a], direct.accuracy);
      ASSERT_GT(direct.latency_s, 0);
      ASSERT_GT(direct.energy_j, 0);
    }
  }
}

TEST(FactorisedVsDirect, PairEvaluationIsBitIdenticalToTheTile) {
  const Problem problem = testing::small_problem();
  CostTable table;
  table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, 0,
              problem.accels->size());
  ArchBlock block;
  block.gather(problem, 1000, 500);
  TileMetrics tile;
  evaluate_tile(block, table, tile);
  std::vector<PairId> pairs;
  for (std::uint64_t a = 0; a < 500; a += 7)
    for (std::uint64_t j = 0; j < problem.accels->size(); ++j)
      pairs.push_back({1000 + a, j});
  const auto metrics = evaluate_pairs(problem, pairs);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const std::size_t p = (pairs[i].arch - 1000) * problem.accels->size() + pairs[i].accel;
    EXPECT_EQ(metrics[i].latency_s, tile.latency_s[p]);
    EXPECT_EQ(metrics[i].energy_j, tile.energy_j[p]);
  }
}

TEST(FactorisedVsDirect, ResultsDoNotDependOnTheAcceleratorBlock) {
  const Problem problem = testing::small_problem();
  const std::uint64_t n = problem.accels->size();
  CostTable whole, part;
  whole.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, 0, n);
  part.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, 3, 5);
  ArchBlock block;
  block.gather(problem, 0, 2000);
  TileMetrics a, b;
  evaluate_tile(block, whole, a);
  evaluate_tile(block, part, b);
  for (std::uint64_t arch = 0; arch < 2000; ++arch)
    for (std::uint64_t j = 0; j < 5; ++j) {
      ASSERT_EQ(a.latency_s[arch * n + 3 + j], b.latency_s[arch * 5 + j]);
      ASSERT_EQ(a.energy_j[arch * n + 3 + j], b.energy_j[arch * 5 + j]);
    }
}

} // namespace
} // namespace coscan::engine

namespace coscan::engine {
namespace {

/// NAS-Bench-201 on crossbar accelerators small enough that the larger networks' weights do not
/// fit (64 crossbars hold 262,144 8-bit weights, 256 hold 1 M; NB201 networks have 0.07 to
/// 1.5 M), beside a digital one.
Problem crossbar_problem() {
  Problem problem = testing::small_problem({64}, {16});
  search::AccelGrid grid = problem.accels->grid();
  grid.dataflow = {costmodel::Dataflow::row_stationary, costmodel::Dataflow::imc_crossbar};
  grid.xbars = {64, 256, 4096};
  grid.adcs_per_xbar = {1, 8};
  problem.accels = std::make_unique<search::AccelSpace>(grid);
  return problem;
}

TEST(FactorisedVsDirect, CrossbarsWithTheWeightReloadTerm) {
  const Problem problem = crossbar_problem();
  const std::uint64_t n = problem.accels->size();
  ASSERT_EQ(n, 1u + 6);
  CostTable table;
  table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, 0, n);
  ASSERT_TRUE(table.has_network_term());
  ArchBlock block;
  block.gather(problem, 0, problem.archs->size());
  TileMetrics tile;
  evaluate_tile(block, table, tile);
  std::uint64_t reloaded = 0, resident = 0;
  for (std::uint64_t a = 0; a < problem.archs->size(); a += 3) {
    for (std::uint64_t j = 0; j < n; ++j) {
      const PairMetrics direct = evaluate_pair_direct(problem, a, j);
      const std::size_t p = a * n + j;
      expect_close(tile.latency_s[p], direct.latency_s, "latency", a, j);
      expect_close(tile.energy_j[p], direct.energy_j, "energy", a, j);
      const costmodel::AccelParams accel = problem.accels->at(j);
      const double params = static_cast<double>(problem.archs->params(a));
      const costmodel::NetworkTerm term = problem.cost_model->network_term(accel);
      if (accel.dataflow != costmodel::Dataflow::imc_crossbar)
        continue;
      if (accel.xbars == 4096) {
        ASSERT_LT(params, term.free_params); // 16.7 M weights: every NB201 network fits
      }
      if (params > term.free_params)
        ++reloaded;
      else
        ++resident;
    }
  }
  EXPECT_GT(reloaded, 0u);
  EXPECT_GT(resident, 0u);
}

TEST(FactorisedVsDirect, ReloadTermIsTheOnlyDifferenceOfMoreCrossbars) {
  // Two crossbar accelerators that differ only in xbars (64 vs 4096): every layer of NB201 fits
  // 64 crossbars, so the layer sums are equal and the latency gap is exactly the reload term.
  const Problem problem = crossbar_problem();
  const std::uint64_t small = 1, large = 5; // adcs 1; xbars 64 and 4096
  ASSERT_EQ(problem.accels->at(small).xbars, 64);
  ASSERT_EQ(problem.accels->at(large).xbars, 4096);
  ASSERT_EQ(problem.accels->at(small).adcs_per_xbar, problem.accels->at(large).adcs_per_xbar);
  for (std::uint64_t a : {0u, 77u, 5000u, 15624u}) {
    const PairMetrics s = evaluate_pair_factorised(problem, a, small);
    const PairMetrics l = evaluate_pair_factorised(problem, a, large);
    const costmodel::AccelParams accel = problem.accels->at(small);
    const costmodel::LayerCost reload =
        problem.cost_model->network_term(accel).at(static_cast<double>(problem.archs->params(a)));
    if (problem.archs->params(a) <= 262144)
      continue;
    EXPECT_GT(reload.cycles, 0.0);
    EXPECT_NEAR(s.latency_s - l.latency_s, reload.cycles / (accel.clock_mhz * 1e6),
                1e-9 * s.latency_s);
    EXPECT_NEAR(s.energy_j - l.energy_j, reload.energy_j, 1e-9 * s.energy_j);
  }
}

} // namespace
} // namespace coscan::engine

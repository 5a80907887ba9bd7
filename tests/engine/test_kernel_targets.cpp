// Every row kernel this CPU runs (kernel_target.hpp) against the scalar sum the kernel documents,
// bit for bit, on blocks of every width (the vector width's multiples, remainders, one column),
// with and without the per-network term.
#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/evaluation/kernel_target.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <iostream>

namespace coscan::engine {
namespace {

using costmodel::Dataflow;

/// Architectures of `kind` on 3 digital dataflows and crossbars, x 2 PE counts x 2 L2 sizes x 2
/// clocks x 2 crossbar counts (64 accelerators); 64 crossbars do not hold every network's
/// weights, so the per-network term is not zero on them.
Problem problem_over(const char *kind) {
  Problem p;
  p.archs = search::make_arch_space(kind);
  search::AccelGrid grid;
  grid.dataflow = {Dataflow::weight_stationary, Dataflow::output_stationary,
                   Dataflow::row_stationary, Dataflow::imc_crossbar};
  grid.num_pes = {64, 256};
  grid.l1_bytes = {256};
  grid.l2_kib = {16, 512};
  grid.noc_bw = {64};
  grid.offchip_bw = {16};
  grid.clock_mhz = {500, 700};
  grid.xbars = {64, 4096};
  p.accels = std::make_unique<search::AccelSpace>(grid);
  p.cost_model = std::make_unique<costmodel::AnalyticalModel>();
  p.accuracy = std::make_unique<search::ProxyAccuracy>(*p.archs);
  p.objectives = {{Metric::accuracy, Sense::maximize}, {Metric::latency, Sense::minimize}};
  return p;
}

/// The documented arithmetic, one value at a time: H[a, :] . T in vocabulary order, plus the
/// per-network term, divided by the clock.
void scalar_pair(const Problem &problem, const CostTable &table, std::uint64_t arch,
                 std::size_t column, double &seconds, double &energy) {
  std::vector<search::LayerCount> counts;
  problem.archs->layer_counts(arch, counts);
  double cycles = 0, joules = 0;
  for (const search::LayerCount &lc : counts) {
    cycles += static_cast<double>(lc.count) * table.cycles(lc.shape)[column];
    joules += static_cast<double>(lc.count) * table.energy_j(lc.shape)[column];
  }
  if (table.has_network_term()) {
    const double excess = std::max(0.0, static_cast<double>(problem.archs->params(arch)) -
                                            table.free_params()[column]);
    cycles += excess * table.cycles_per_param()[column];
    joules += excess * table.joules_per_param()[column];
  }
  seconds = cycles / table.clock_hz()[column];
  energy = joules;
}

class KernelTargets : public ::testing::Test {
protected:
  void TearDown() override { set_kernel_target(supported_kernel_targets().back()); }
};

void expect_every_target_exact(const Problem &problem, std::uint64_t num_archs) {
  std::vector<std::uint64_t> archs(num_archs);
  for (std::uint64_t a = 0; a < num_archs; ++a)
    archs[a] = a * (problem.archs->size() / num_archs);
  ArchBlock block;
  block.gather(problem, archs);
  bool network_term = false;
  for (const KernelTarget target : supported_kernel_targets()) {
    set_kernel_target(target);
    ASSERT_EQ(kernel_target(), target);
    // Blocks of 1, 7, 8, 9, 16, 17, 31, 33 and all columns, starting at varied columns.
    const std::uint64_t n = problem.accels->size();
    for (const std::uint64_t width :
         {std::uint64_t{1}, std::uint64_t{7}, std::uint64_t{8}, std::uint64_t{9}, std::uint64_t{16},
          std::uint64_t{17}, std::uint64_t{31}, std::uint64_t{33}, n}) {
      const std::uint64_t first = (width * 5) % (n - width + 1);
      CostTable table;
      table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, first, width);
      network_term = network_term || table.has_network_term();
      TileMetrics tile;
      evaluate_tile(block, table, tile);
      for (std::uint64_t a = 0; a < num_archs; ++a)
        for (std::size_t j = 0; j < width; ++j) {
          double seconds = 0, energy = 0;
          scalar_pair(problem, table, archs[a], j, seconds, energy);
          const std::size_t p = a * width + j;
          ASSERT_EQ(std::bit_cast<std::uint64_t>(tile.latency_s[p]),
                    std::bit_cast<std::uint64_t>(seconds))
              << to_string(target) << " arch " << archs[a] << " accel " << first + j;
          ASSERT_EQ(std::bit_cast<std::uint64_t>(tile.energy_j[p]),
                    std::bit_cast<std::uint64_t>(energy))
              << to_string(target) << " arch " << archs[a] << " accel " << first + j;
        }
    }
  }
  EXPECT_TRUE(network_term) << "no accelerator exercised the per-network term";
}

TEST_F(KernelTargets, NamesRoundTripAndTheBaselineIsAlwaysThere) {
  for (const KernelTarget target : {KernelTarget::sse2, KernelTarget::avx2, KernelTarget::avx512})
    EXPECT_EQ(parse_kernel_target(to_string(target)), target);
  EXPECT_FALSE(parse_kernel_target("avx"));
  const std::vector<KernelTarget> targets = supported_kernel_targets();
  ASSERT_FALSE(targets.empty());
  EXPECT_EQ(targets.front(), KernelTarget::sse2);
  EXPECT_EQ(kernel_target(), targets.back()) << "the widest supported target is the default";
  std::cout << "kernel targets on this CPU:";
  for (const KernelTarget target : targets)
    std::cout << " " << to_string(target);
  std::cout << "\n";
}

TEST_F(KernelTargets, Nb201BitIdenticalToTheScalarSum) {
  expect_every_target_exact(problem_over("nasbench201"), 40);
}

TEST_F(KernelTargets, AlphanetBitIdenticalToTheScalarSum) {
  expect_every_target_exact(problem_over("alphanet"), 50);
}

} // namespace
} // namespace coscan::engine

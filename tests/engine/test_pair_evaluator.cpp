// PairEvaluator (coscan from Python, evaluate_pairs) against the sweep's tile, bit for bit: on
// both of its paths (a small accelerator space's kept cost tables, and a large space's pairs
// sorted by accelerator), with the architecture space gathered once or per run, in any order,
// with repeats, on any thread count.
#include "engine/small_problem.hpp"

#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/evaluation/pair_evaluator.hpp>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <random>
#include <stdexcept>
#include <vector>

namespace {

using namespace coscan::engine;

struct Batch {
  std::vector<std::uint64_t> archs, accels;
};

/// n random pairs of the problem (repeats likely), from a fixed seed.
Batch random_batch(const Problem &problem, std::size_t n, std::uint64_t arch_limit = 0) {
  std::mt19937_64 rng(7);
  Batch b;
  const std::uint64_t archs = arch_limit ? arch_limit : problem.archs->size();
  for (std::size_t i = 0; i < n; ++i) {
    b.archs.push_back(rng() % archs);
    b.accels.push_back(rng() % problem.accels->size());
  }
  return b;
}

/// A batch's metrics from an evaluator, one column each.
struct Metrics {
  std::vector<double> accuracy, latency, energy, area;
  friend bool operator==(const Metrics &, const Metrics &) = default;
};

Metrics evaluate(const PairEvaluator &evaluator, const Batch &b) {
  const std::size_t n = b.archs.size();
  Metrics m{std::vector<double>(n), std::vector<double>(n), std::vector<double>(n),
            std::vector<double>(n)};
  evaluator.evaluate(b.archs, b.accels,
                     {m.accuracy.data(), m.latency.data(), m.energy.data(), m.area.data()});
  return m;
}

/// Each pair of the batch equals its value in a one-pair tile of the sweep's evaluate_tile.
void expect_equals_the_tile(const Problem &problem, const Batch &batch) {
  const std::size_t n = batch.archs.size();
  std::vector<double> accuracy(n), latency(n), energy(n), area(n);
  PairEvaluator(problem).evaluate(batch.archs, batch.accels,
                                  {accuracy.data(), latency.data(), energy.data(), area.data()});
  for (std::size_t i = 0; i < n; i += 97) {
    CostTable table;
    table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, batch.accels[i],
                1);
    ArchBlock block;
    block.gather(problem, batch.archs[i], 1);
    TileMetrics tile;
    evaluate_tile(block, table, tile);
    ASSERT_EQ(latency[i], tile.latency_s[0]) << "pair " << i;
    ASSERT_EQ(energy[i], tile.energy_j[0]) << "pair " << i;
    ASSERT_EQ(accuracy[i], tile.accuracy[0]) << "pair " << i;
    ASSERT_EQ(area[i], tile.area_mm2[0]) << "pair " << i;
  }
}

TEST(PairEvaluator, KeptCostTablesEqualTheTile) {
  const Problem problem = coscan::testing::small_problem();
  expect_equals_the_tile(problem, random_batch(problem, 20000));
}

TEST(PairEvaluator, ShortListsBeforeTheTablesAreKeptEqualTheTile) {
  // Fewer pairs than accelerators: the first call builds only its accelerators' columns; once
  // the calls have asked for as many pairs as there are accelerators, the kept tables are built
  // and used from then on, with the same bits.
  std::vector<double> offchip;
  for (double bw = 1; bw <= 50; ++bw)
    offchip.push_back(bw);
  const Problem problem =
      coscan::testing::small_problem({16, 32, 64, 128, 256, 512, 1024, 2048}, offchip);
  const Batch few = random_batch(problem, problem.accels->size() / 3);
  ASSERT_GT(few.archs.size(), 100u);
  expect_equals_the_tile(problem, few);
  const PairEvaluator evaluator(problem);
  const Metrics before = evaluate(evaluator, few);
  evaluate(evaluator, random_batch(problem, problem.accels->size()));
  EXPECT_EQ(evaluate(evaluator, few), before);
}

TEST(PairEvaluator, PairsSortedByAcceleratorEqualTheTile) {
  // Too many accelerators to keep every cost table, so runs build their own.
  Problem wide = coscan::testing::small_problem();
  coscan::search::AccelGrid grid = wide.accels->grid();
  for (double noc = 1; grid.noc_bw.size() < 32768; ++noc)
    grid.noc_bw.push_back(noc + 64);
  wide.accels = std::make_unique<coscan::search::AccelSpace>(grid);
  ASSERT_GT(wide.accels->size() * wide.archs->vocabulary().size(), 1u << 22);
  expect_equals_the_tile(wide, random_batch(wide, 20000));
}

TEST(PairEvaluator, ArchitecturesGatheredPerRunEqualTheTile) {
  // AlphaNet: too many architectures to gather the space once.
  Problem problem = coscan::testing::small_problem();
  problem.archs = coscan::search::make_arch_space("alphanet");
  problem.accuracy = std::make_unique<coscan::search::ProxyAccuracy>(*problem.archs);
  expect_equals_the_tile(problem, random_batch(problem, 5000));
}

TEST(PairEvaluator, NeitherOrderNorThreadsChangeABit) {
  const Problem problem = coscan::testing::small_problem();
  const Batch batch = random_batch(problem, 30000);
  const PairEvaluator evaluator(problem);
  const Metrics all = evaluate(evaluator, batch);
  const tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  EXPECT_EQ(evaluate(evaluator, batch), all);
  Batch reversed{{batch.archs.rbegin(), batch.archs.rend()},
                 {batch.accels.rbegin(), batch.accels.rend()}};
  const Metrics back = evaluate(evaluator, reversed);
  for (std::size_t i = 0; i < batch.archs.size(); ++i)
    ASSERT_EQ(back.latency[batch.archs.size() - 1 - i], all.latency[i]);
}

TEST(PairEvaluator, RejectsIndicesBeyondTheSpaces) {
  const Problem problem = coscan::testing::small_problem();
  const PairEvaluator evaluator(problem);
  double v[1];
  const PairColumns out{v, v, v, v};
  const std::vector<std::uint64_t> zero{0}, arch_past{problem.archs->size()},
      accel_past{problem.accels->size()}, two{0, 1};
  EXPECT_THROW(evaluator.evaluate(arch_past, zero, out), std::out_of_range);
  EXPECT_THROW(evaluator.evaluate(zero, accel_past, out), std::out_of_range);
  EXPECT_THROW(evaluator.evaluate(two, zero, out), std::invalid_argument);
  EXPECT_NO_THROW(evaluator.evaluate({}, {}, out));
}

} // namespace

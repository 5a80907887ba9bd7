// The certified reduction: the fast non-dominated filter against an O(n^2) brute force, the
// certificate itself (no architecture outside the set is ever Pareto-optimal, on any of many
// random accelerators), pruned sweeps against unpruned ones, and the refusals.
#include "engine/small_problem.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/reduction/certified_reduction.hpp>
#include <coscan/engine/reduction/pareto_candidates.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/search/sampling.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

namespace coscan::engine {
namespace {

CountVectors random_items(std::mt19937_64 &rng, std::size_t n, std::uint32_t dims,
                          std::uint32_t max_count, int distinct_scores) {
  CountVectors items;
  std::uniform_int_distribution<std::uint32_t> count(0, max_count);
  std::uniform_int_distribution<int> score(0, distinct_scores - 1);
  std::uniform_int_distribution<int> nan_one_in(0, 40);
  std::vector<search::LayerCount> row;
  for (std::size_t i = 0; i < n; ++i) {
    row.clear();
    for (std::uint32_t d = 0; d < dims; ++d)
      if (const std::uint32_t c = count(rng))
        row.push_back({d * 3 + 1, c}); // sparse ids with gaps
    items.add(nan_one_in(rng) == 0 ? std::nan("") : score(rng) * 0.5, row);
  }
  return items;
}

TEST(CountVectorDominance, FastFilterEqualsBruteForceOnRandomInstances) {
  std::mt19937_64 rng(2026);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = 1 + trial % 97 * 3;
    const auto dims = static_cast<std::uint32_t>(1 + trial % 6);
    const auto max_count = static_cast<std::uint32_t>(1 + trial % 3);
    const int scores = 1 + trial % 9; // few scores: many ties
    const CountVectors items = random_items(rng, n, dims, max_count, scores);
    for (Dominance rule : {Dominance::strictly_better_score, Dominance::weak}) {
      const NonDominated fast = non_dominated(items, rule);
      ASSERT_EQ(fast.items, non_dominated_brute_force(items, rule))
          << "trial " << trial << " rule " << static_cast<int>(rule);
      std::set<std::vector<std::uint32_t>> vectors;
      for (std::size_t i = 0; i < items.size(); ++i) {
        std::vector<std::uint32_t> key;
        for (const auto &c : items.row(i))
          key.insert(key.end(), {c.shape, c.count});
        vectors.insert(key);
      }
      EXPECT_EQ(fast.count_vectors, vectors.size());
    }
  }
}

TEST(CountVectorDominance, CountsLeTreatsMissingIdsAsZero) {
  using LC = search::LayerCount;
  const std::vector<LC> a{{1, 2}, {4, 1}}, b{{1, 2}, {3, 5}, {4, 1}}, c{{1, 3}};
  EXPECT_TRUE(counts_le(a, b));
  EXPECT_FALSE(counts_le(b, a));
  EXPECT_FALSE(counts_le(a, c)); // id 4 missing from c
  EXPECT_TRUE(counts_le({}, c));
  EXPECT_TRUE(counts_le(a, a));
}

/// A grid of random accelerators (every dataflow, random sizes and bandwidths).
Problem random_accel_problem(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto pick = [&](std::vector<double> from, std::size_t n) {
    std::shuffle(from.begin(), from.end(), rng);
    from.resize(n);
    return from;
  };
  Problem p = testing::small_problem();
  search::AccelGrid grid;
  grid.dataflow = {costmodel::Dataflow::weight_stationary, costmodel::Dataflow::output_stationary,
                   costmodel::Dataflow::row_stationary};
  std::vector<std::int64_t> pes{16, 32, 64, 128, 168, 256, 512, 1024};
  std::shuffle(pes.begin(), pes.end(), rng);
  grid.num_pes = {pes[0], pes[1]};
  grid.l1_bytes = pick({16, 64, 128, 512, 2048}, 1);
  grid.l2_kib = pick({16, 64, 256, 1024}, 2);
  grid.noc_bw = pick({4, 16, 64, 300, 1000}, 1);
  grid.offchip_bw = pick({1, 4, 16, 50, 350}, 2);
  grid.clock_mhz = pick({200, 500, 1000}, 1);
  p.accels = std::make_unique<search::AccelSpace>(grid);
  if (seed % 2 == 0) {
    // A random accuracy with ties (one decimal), not monotone in size like the proxy: the
    // reduction then removes almost everything.
    std::uniform_int_distribution<int> tenths(100, 950);
    std::vector<double> accuracy(p.archs->size());
    for (double &a : accuracy)
      a = tenths(rng) / 10.0;
    p.accuracy = std::make_unique<search::TableAccuracy>(std::move(accuracy), "random");
  }
  return p;
}

std::vector<std::uint64_t> certified_indices(const Problem &problem) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t p : certified_archs(problem).positions)
    out.push_back(problem.arch_at(p));
  return out;
}

void expect_same_front(const SweepResult &a, const SweepResult &b) {
  const auto ia = a.pareto.front().ids(), ib = b.pareto.front().ids();
  ASSERT_EQ(std::vector<PairId>(ia.begin(), ia.end()), std::vector<PairId>(ib.begin(), ib.end()));
  const auto va = a.pareto.front().values(), vb = b.pareto.front().values();
  ASSERT_EQ(std::vector<double>(va.begin(), va.end()), std::vector<double>(vb.begin(), vb.end()));
}

TEST(CertifiedReduction, NoOtherArchitectureIsOnTheFrontOfAnyRandomAccelerator) {
  const std::vector<std::vector<Objective>> objective_sets = {
      {{Metric::accuracy, Sense::maximize}, {Metric::latency, Sense::minimize}},
      {{Metric::accuracy, Sense::maximize}, {Metric::energy, Sense::minimize}},
      {{Metric::accuracy, Sense::maximize},
       {Metric::edp, Sense::minimize},
       {Metric::area, Sense::minimize}},
  };
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    Problem problem = random_accel_problem(seed);
    problem.objectives = objective_sets[seed % objective_sets.size()];
    const std::vector<std::uint64_t> certified = certified_indices(problem);
    ASSERT_LT(certified.size(), problem.archs->size() / (seed % 2 == 0 ? 100 : 10));
    // Per accelerator: the front of that accelerator's pairs alone.
    const std::uint64_t na = problem.archs->size(), nj = problem.accels->size();
    CostTable table;
    table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, 0, nj);
    ArchBlock block;
    block.gather(problem, 0, na);
    TileMetrics tile;
    evaluate_tile(block, table, tile);
    const std::size_t k = problem.objectives.size();
    for (std::uint64_t j = 0; j < nj; ++j) {
      ParetoFront front(k);
      std::vector<double> values;
      std::vector<PairId> ids;
      for (std::uint64_t a = 0; a < na; ++a) {
        for (const Objective &o : problem.objectives) {
          const double v = tile.value(o.metric, a, j);
          values.push_back(o.sense == Sense::maximize ? -v : v);
        }
        ids.push_back({a, j});
      }
      front.insert(values, ids);
      for (const PairId &id : front.ids())
        EXPECT_TRUE(std::binary_search(certified.begin(), certified.end(), id.arch))
            << "seed " << seed << " accel " << j << " arch " << id.arch;
    }
  }
}

TEST(CertifiedReduction, PrunedSweepHasTheUnprunedFrontBitForBit) {
  for (std::uint64_t seed = 11; seed <= 14; ++seed) {
    Problem problem = random_accel_problem(seed);
    if (seed == 12)
      problem.objectives = {{Metric::accuracy, Sense::maximize},
                            {Metric::latency, Sense::minimize},
                            {Metric::energy, Sense::minimize},
                            {Metric::edp, Sense::minimize},
                            {Metric::area, Sense::minimize}};
    SweepOptions options;
    options.arch_block = 512;
    options.accel_block = 8;
    const SweepResult full = run_sweep(problem, options);
    problem.arch_sample = certified_indices(problem);
    const SweepResult pruned = run_sweep(problem, options);
    expect_same_front(full, pruned);
    EXPECT_EQ(pruned.pairs_evaluated, problem.arch_sample.size() * problem.accels->size());
    EXPECT_LT(pruned.pairs_evaluated * (seed % 2 == 0 ? 100 : 10), full.pairs_evaluated);
  }
}

TEST(CertifiedReduction, SampledProblemsAreReducedWithinTheSample) {
  Problem problem = random_accel_problem(21);
  problem.arch_sample = search::sample_indices(problem.archs->size(), 2000, 7, true);
  const SweepResult full = run_sweep(problem, {});
  const CertifiedSet set = certified_archs(problem);
  EXPECT_EQ(set.candidates, 2000u);
  EXPECT_TRUE(std::is_sorted(set.positions.begin(), set.positions.end()));
  std::vector<std::uint64_t> kept;
  for (std::uint64_t p : set.positions)
    kept.push_back(problem.arch_at(p));
  problem.arch_sample = kept;
  expect_same_front(full, run_sweep(problem, {}));
}

TEST(CertifiedReduction, NasBench201ProxySizes) {
  const Problem problem = testing::small_problem();
  const CertifiedSet set = certified_archs(problem);
  EXPECT_EQ(set.candidates, 15625u);
  EXPECT_EQ(set.count_vectors, 195u); // as ParetoCandidates groups them
  // docs/spaces.md: the proxy never falls when a layer is added, so across count vectors nothing
  // is strictly better with fewer layers: the survivors are the Pareto candidates.
  EXPECT_EQ(set.positions.size(), 1304u);
  EXPECT_EQ(set.positions.size(), ParetoCandidates::compute(problem).num_candidates());
  // The most accurate architecture always survives.
  std::uint64_t best = 0;
  for (std::uint64_t a = 1; a < problem.archs->size(); ++a)
    if (problem.accuracy->at(a) > problem.accuracy->at(best))
      best = a;
  EXPECT_TRUE(std::binary_search(set.positions.begin(), set.positions.end(), best));
}

TEST(CertifiedReduction, WithoutAccuracyEveryArchitectureIsKept) {
  // Nothing is strictly better anywhere: an architecture with fewer layers may tie exactly on
  // some accelerator, and the front keeps exact ties.
  Problem problem = testing::small_problem();
  problem.objectives = {{Metric::latency, Sense::minimize}, {Metric::energy, Sense::minimize}};
  EXPECT_EQ(certified_archs(problem).positions.size(), problem.archs->size());
}

/// Additive in shape but not declared so (like a measured per-pair table).
class UndeclaredModel : public costmodel::CostModel {
public:
  std::string_view name() const override { return "per_pair_table"; }
  costmodel::LayerCost layer_cost(const costmodel::LayerShape &,
                                  const costmodel::AccelParams &) const override {
    return {1, 1};
  }
  double area_mm2(const costmodel::AccelParams &) const override { return 1; }
};

std::string error_of(const Problem &problem) {
  try {
    certified_archs(problem);
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

TEST(CertifiedReduction, RefusesWhenTheConditionsBreak) {
  Problem problem = testing::small_problem();
  problem.cost_model = std::make_unique<UndeclaredModel>();
  EXPECT_NE(error_of(problem).find("cost model 'per_pair_table' does not declare additive"),
            std::string::npos)
      << error_of(problem);

  problem = testing::small_problem();
  costmodel::AnalyticalParams negative;
  negative.energy.dram_pj_per_byte = -1;
  problem.cost_model = std::make_unique<costmodel::AnalyticalModel>(negative);
  EXPECT_NE(error_of(problem).find("nonnegative"), std::string::npos);

  problem = testing::small_problem();
  problem.objectives.push_back({Metric::edp, Sense::maximize});
  EXPECT_NE(error_of(problem).find("objective 'edp' is maximised"), std::string::npos)
      << error_of(problem);

  problem = testing::small_problem();
  problem.archs = search::make_arch_space("darts");
  EXPECT_NE(error_of(problem).find("sample the space"), std::string::npos) << error_of(problem);
}

TEST(CertifiedReduction, AnalyticalModelDeclaresItsCosts) {
  EXPECT_TRUE(costmodel::AnalyticalModel().additive_nonnegative());
  costmodel::AnalyticalParams nan_energy;
  nan_energy.energy.mac_pj = std::nan("");
  EXPECT_FALSE(costmodel::AnalyticalModel(nan_energy).additive_nonnegative());
  EXPECT_FALSE(UndeclaredModel().additive_nonnegative());
}

} // namespace
} // namespace coscan::engine

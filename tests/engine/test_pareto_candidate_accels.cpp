// The accelerators that can be Pareto-optimal (ParetoCandidateAccels): every accelerator left
// out is strictly dominated on every architecture by one kept; a sweep of the kept ones gives
// the brute-force front of every pair, for each set of objectives that allows it, on any split
// into ranks and from any checkpoint; objectives that cannot make the dominance strict keep
// every accelerator.
#include "engine/brute_force_pareto.hpp"

#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/reduction/pareto_candidate_accels.hpp>
#include <coscan/engine/sweep/sweep.hpp>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace coscan::engine {
namespace {

using costmodel::Dataflow;

const Objective kAccuracy{Metric::accuracy, Sense::maximize};
const Objective kLatency{Metric::latency, Sense::minimize};
const Objective kEnergy{Metric::energy, Sense::minimize};
const Objective kEdp{Metric::edp, Sense::minimize};
const Objective kArea{Metric::area, Sense::minimize};

/// NAS-Bench-201 (every 37th architecture) x 384 accelerators at two clocks and two data widths.
Problem grid_problem(std::vector<Objective> objectives) {
  Problem p;
  p.archs = search::make_arch_space("nasbench201");
  search::AccelGrid grid;
  grid.dataflow = {Dataflow::weight_stationary, Dataflow::output_stationary,
                   Dataflow::row_stationary};
  grid.num_pes = {64, 256};
  grid.l1_bytes = {64, 256};
  grid.l2_kib = {64, 256};
  grid.noc_bw = {32, 128};
  grid.offchip_bw = {8, 32};
  grid.clock_mhz = {400, 800};
  grid.data_bits = {8, 16};
  p.accels = std::make_unique<search::AccelSpace>(grid);
  p.cost_model = std::make_unique<costmodel::AnalyticalModel>();
  p.accuracy = std::make_unique<search::ProxyAccuracy>(*p.archs);
  p.objectives = std::move(objectives);
  for (std::uint64_t a = 0; a < p.archs->size(); a += 37)
    p.arch_sample.push_back(a);
  return p;
}

/// Crossbars, whose per-network term (weights beyond the crossbars) depends on the architecture.
Problem crossbar_problem() {
  Problem p = grid_problem({kAccuracy, kLatency, kEnergy, kArea});
  search::AccelGrid grid;
  grid.dataflow = {Dataflow::row_stationary, Dataflow::imc_crossbar};
  grid.num_pes = {64, 256};
  grid.l1_bytes = {256};
  grid.l2_kib = {128, 512};
  grid.noc_bw = {64};
  grid.offchip_bw = {8, 32};
  grid.clock_mhz = {500};
  grid.xbars = {4, 64, 1024};
  grid.adc_bits = {6, 8};
  p.accels = std::make_unique<search::AccelSpace>(grid);
  return p;
}

std::vector<PairId> ids_of(const SweepResult &result) {
  const auto ids = result.pareto.front().ids();
  return {ids.begin(), ids.end()};
}

/// p strictly dominates q (minimised objectives).
bool dominates(const std::vector<double> &p, const std::vector<double> &q) {
  bool strict = false;
  for (std::size_t o = 0; o < p.size(); ++o) {
    if (!(p[o] <= q[o]))
      return false;
    strict = strict || p[o] < q[o];
  }
  return strict;
}

SweepResult sweep(const Problem &problem, std::uint64_t accel_block = 8) {
  SweepOptions options;
  options.arch_block = 100;
  options.accel_block = accel_block;
  return run_sweep(problem, options);
}

TEST(ParetoCandidateAccels, EveryDroppedAcceleratorIsStrictlyDominatedOnEveryArchitecture) {
  const Problem problem = grid_problem({kAccuracy, kLatency, kEnergy, kArea});
  const ParetoCandidateAccels candidates = ParetoCandidateAccels::compute(problem);
  ASSERT_TRUE(candidates.active());
  // The 16-bit and the slower twins at least are dropped.
  EXPECT_LT(candidates.num_candidates(), problem.num_accels() / 4);
  EXPECT_TRUE(std::ranges::is_sorted(candidates.positions()));

  // Every pair of the sample, minimised objectives, by the factorised evaluator.
  const std::uint64_t na = problem.num_archs(), nj = problem.num_accels();
  CostTable table;
  table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, 0, nj);
  ArchBlock block;
  block.gather(problem, problem.arch_sample);
  TileMetrics tile;
  evaluate_tile(block, table, tile);
  const auto point = [&](std::uint64_t a, std::uint64_t j) {
    std::vector<double> v;
    for (const Objective &o : problem.objectives)
      v.push_back((o.sense == Sense::maximize ? -1.0 : 1.0) * tile.value(o.metric, a, j));
    return v;
  };
  std::vector<std::uint8_t> kept(nj, 0);
  for (const std::uint64_t j : candidates.positions())
    kept[j] = 1;
  std::uint64_t checked = 0;
  for (std::uint64_t j = 0; j < nj; ++j) {
    if (kept[j])
      continue;
    for (std::uint64_t a = 0; a < na; ++a) {
      const std::vector<double> q = point(a, j);
      const bool dominated = std::ranges::any_of(
          candidates.positions(), [&](std::uint64_t i) { return dominates(point(a, i), q); });
      ASSERT_TRUE(dominated) << "accelerator " << j << " architecture " << a;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0u);
}

TEST(ParetoCandidateAccels, SweepsOfTheCandidatesGiveTheBruteForceFront) {
  const std::vector<std::pair<const char *, Problem>> problems = [] {
    std::vector<std::pair<const char *, Problem>> out;
    out.emplace_back("accuracy latency energy area",
                     grid_problem({kAccuracy, kLatency, kEnergy, kArea}));
    out.emplace_back("accuracy latency (the clock alone makes it strict)",
                     grid_problem({kAccuracy, kLatency}));
    out.emplace_back("accuracy edp area", grid_problem({kAccuracy, kEdp, kArea}));
    out.emplace_back("latency area, no accuracy", grid_problem({kLatency, kArea}));
    out.emplace_back("crossbars", crossbar_problem());
    // Drawn twice (a sample with replacement): equal twins tie, and both stay.
    Problem twins = grid_problem({kAccuracy, kLatency, kEnergy, kArea});
    for (std::uint64_t j = 0; j < twins.accels->size(); j += 3)
      twins.accel_sample.insert(twins.accel_sample.end(), {j, j});
    out.emplace_back("every accelerator drawn twice", std::move(twins));
    return out;
  }();
  for (const auto &[name, problem] : problems) {
    const ParetoCandidateAccels candidates = ParetoCandidateAccels::compute(problem);
    EXPECT_TRUE(candidates.active()) << name;
    const SweepResult result = sweep(problem);
    EXPECT_EQ(ids_of(result), brute_force_pareto(problem)) << name;
    EXPECT_EQ(result.pairs_evaluated, problem.num_pairs()) << name;
    EXPECT_EQ(result.pareto_candidate_accels, candidates.num_candidates()) << name;
    EXPECT_LE(result.pairs_computed, problem.num_archs() * candidates.num_candidates()) << name;
  }
}

// With a tile sink every accelerator is swept (its reader needs them all): the same front, bit
// for bit.
TEST(ParetoCandidateAccels, ATileSinkSweepsEveryAcceleratorToTheSameFront) {
  const Problem problem = grid_problem({kAccuracy, kLatency, kEnergy, kArea});
  SweepOptions options;
  options.arch_block = 100;
  options.accel_block = 8;
  const SweepResult candidates_only = run_sweep(problem, options);
  options.tile_sink = [](std::uint64_t, std::uint64_t, const TileMetrics &) {};
  const SweepResult every = run_sweep(problem, options);
  EXPECT_EQ(every.pareto_candidate_accels, problem.num_accels());
  EXPECT_LT(candidates_only.pareto_candidate_accels, problem.num_accels());
  const ParetoFront &a = candidates_only.pareto.front(), &b = every.pareto.front();
  ASSERT_GT(a.size(), 0u);
  EXPECT_TRUE(std::ranges::equal(a.ids(), b.ids()));
  ASSERT_EQ(a.values().size(), b.values().size());
  EXPECT_EQ(std::memcmp(a.values().data(), b.values().data(), a.values().size() * sizeof(double)),
            0);
}

TEST(ParetoCandidateAccels, ObjectivesThatCannotMakeItStrictKeepEveryAccelerator) {
  for (const std::vector<Objective> &objectives : std::vector<std::vector<Objective>>{
           {kEnergy, kEdp},                                        // no area, no latency
           {kAccuracy, kLatency, {Metric::area, Sense::maximize}}, // a maximised cost
           {kAccuracy, {Metric::latency, Sense::maximize}, kArea},
       }) {
    const Problem problem = grid_problem(objectives);
    const ParetoCandidateAccels candidates = ParetoCandidateAccels::compute(problem);
    EXPECT_FALSE(candidates.active());
    EXPECT_EQ(candidates.num_candidates(), problem.num_accels());
    EXPECT_TRUE(candidates.positions().empty());
    EXPECT_EQ(ids_of(sweep(problem)), brute_force_pareto(problem));
  }
  // One clock and no area objective: nothing is strictly faster.
  Problem one_clock = grid_problem({kAccuracy, kLatency, kEnergy});
  search::AccelGrid grid;
  grid.dataflow = {Dataflow::weight_stationary, Dataflow::row_stationary};
  grid.num_pes = {64, 256};
  grid.l1_bytes = {64};
  grid.l2_kib = {64, 256};
  grid.noc_bw = {32};
  grid.offchip_bw = {8, 32};
  grid.clock_mhz = {500};
  one_clock.accels = std::make_unique<search::AccelSpace>(grid);
  EXPECT_FALSE(ParetoCandidateAccels::compute(one_clock).active());
}

// The tiles are numbered over the candidates: ranks split them, and a checkpoint of any wave
// resumes, to the front of one uninterrupted sweep.
TEST(ParetoCandidateAccels, RanksAndResumesOverTheCandidatesGiveTheSameFront) {
  const Problem problem = grid_problem({kAccuracy, kLatency, kEnergy, kArea});
  const std::vector<PairId> whole = ids_of(sweep(problem, 2));
  ASSERT_FALSE(whole.empty());
  SweepOptions options;
  options.arch_block = 100;
  options.accel_block = 2;
  for (const int ranks : {2, 3}) {
    ParetoFront merged(problem.objectives.size());
    std::uint64_t pairs = 0, tiles = 0;
    for (int r = 0; r < ranks; ++r) {
      options.rank = r;
      options.num_ranks = ranks;
      const SweepResult part = run_sweep(problem, options);
      EXPECT_EQ(part.tile_range.last - part.tile_range.first, part.tiles);
      merged.merge(part.pareto.front());
      pairs += part.pairs_evaluated;
      tiles += part.tiles;
    }
    merged.sort_by_id();
    EXPECT_EQ(std::vector<PairId>(merged.ids().begin(), merged.ids().end()), whole) << ranks;
    EXPECT_EQ(pairs, problem.num_pairs()) << ranks;
    const std::uint64_t arch_blocks = (problem.num_archs() + 99) / 100;
    const std::uint64_t accel_blocks =
        (ParetoCandidateAccels::compute(problem).num_candidates() + 1) / 2;
    EXPECT_EQ(tiles, arch_blocks * accel_blocks) << ranks;
  }
  options.rank = 0;
  options.num_ranks = 1;
  std::vector<SweepState> states;
  options.checkpoint_due = [] { return true; };
  options.checkpoint = [&](const SweepState &state) { states.push_back(state); };
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    EXPECT_EQ(ids_of(run_sweep(problem, options)), whole);
  }
  ASSERT_GE(states.size(), 2u);
  for (const SweepState &state : {states.front(), states[states.size() / 2]}) {
    SweepOptions resumed = options;
    resumed.checkpoint = nullptr;
    resumed.resume = &state;
    const SweepResult result = run_sweep(problem, resumed);
    EXPECT_EQ(ids_of(result), whole) << "next tile " << state.next_tile;
    EXPECT_EQ(result.pairs_evaluated, problem.num_pairs());
  }
}

} // namespace
} // namespace coscan::engine

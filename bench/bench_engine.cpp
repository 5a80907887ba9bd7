// Factorised evaluation (H . T) against the direct path (every layer through the scalar model),
// in pairs per second, and the Pareto reducer's cost per pair, on NAS-Bench-201.
#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/engine/analyses/ranking_reducer.hpp>
#include <coscan/engine/evaluation/direct_evaluator.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/evaluation/kernel_target.hpp>
#include <coscan/engine/evaluation/pair_evaluator.hpp>
#include <coscan/engine/reduction/pareto_reducer.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {
using namespace coscan;

engine::Problem make_problem(const char *arch_space = "nasbench201") {
  engine::Problem p;
  p.archs = search::make_arch_space(arch_space);
  search::AccelGrid grid;
  grid.dataflow = {costmodel::Dataflow::weight_stationary, costmodel::Dataflow::output_stationary,
                   costmodel::Dataflow::row_stationary};
  grid.num_pes = {64, 128, 256, 512};
  grid.l1_bytes = {64, 256};
  grid.l2_kib = {128, 512};
  grid.noc_bw = {32, 128};
  grid.offchip_bw = {8, 32};
  grid.clock_mhz = {500, 1000}; // 384 accelerators
  p.accels = std::make_unique<search::AccelSpace>(grid);
  p.cost_model = std::make_unique<costmodel::AnalyticalModel>();
  p.accuracy = std::make_unique<search::ProxyAccuracy>(*p.archs);
  p.objectives = {{engine::Metric::accuracy, engine::Sense::maximize},
                  {engine::Metric::latency, engine::Sense::minimize},
                  {engine::Metric::energy, engine::Sense::minimize},
                  {engine::Metric::area, engine::Sense::minimize}};
  return p;
}

const engine::Problem &problem() {
  static const engine::Problem p = make_problem();
  return p;
}

// AlphaNet (no two architectures of a block share a layer-count vector, unlike NB201's 195).
const engine::Problem &alphanet() {
  static const engine::Problem p = make_problem("alphanet");
  return p;
}

/// Switches to `target` for a benchmark; false (the benchmark skipped) when the CPU lacks it.
bool use_kernel_target(benchmark::State &state, engine::KernelTarget target) {
  const std::vector<engine::KernelTarget> supported = engine::supported_kernel_targets();
  if (std::find(supported.begin(), supported.end(), target) == supported.end()) {
    state.SkipWithError("this CPU does not support the target");
    return false;
  }
  engine::set_kernel_target(target);
  return true;
}

// One tile: 1024 architectures (every 997th of the space) x state.range(0) accelerators, cost
// table prebuilt, on the kernel target state.range(1) (sse2, avx2, avx512).
void factorised_tile(benchmark::State &state, const engine::Problem &p) {
  const auto accels = static_cast<std::uint64_t>(state.range(0));
  const auto target = static_cast<engine::KernelTarget>(state.range(1));
  if (!use_kernel_target(state, target))
    return;
  engine::CostTable table;
  table.build(*p.cost_model, p.archs->vocabulary(), *p.accels, 0, accels);
  std::vector<std::uint64_t> archs(1024);
  for (std::uint64_t a = 0; a < archs.size(); ++a)
    archs[a] = a * 997 % p.archs->size();
  engine::ArchBlock block;
  block.gather(p, archs);
  engine::TileMetrics tile;
  for (auto _ : state) {
    engine::evaluate_tile(block, table, tile);
    benchmark::DoNotOptimize(tile.latency_s.data());
  }
  state.SetItemsProcessed(state.iterations() * 1024 * static_cast<std::int64_t>(accels));
  state.SetLabel(std::string(engine::to_string(target)));
  engine::set_kernel_target(engine::supported_kernel_targets().back());
}
void BM_FactorisedTile(benchmark::State &state) { factorised_tile(state, problem()); }
void BM_FactorisedTileAlphaNet(benchmark::State &state) { factorised_tile(state, alphanet()); }
BENCHMARK(BM_FactorisedTile)->ArgsProduct({{16, 64, 256}, {0, 1, 2}});
BENCHMARK(BM_FactorisedTileAlphaNet)->ArgsProduct({{64}, {0, 1, 2}});

// Building one accelerator block's cost table (vocabulary x accelerators), per pair it serves.
void BM_CostTable(benchmark::State &state) {
  const auto &p = problem();
  engine::CostTable table;
  for (auto _ : state) {
    table.build(*p.cost_model, p.archs->vocabulary(), *p.accels, 0, 64);
    benchmark::DoNotOptimize(table.cycles(0));
  }
  state.SetItemsProcessed(state.iterations() * 64);
  state.SetLabel("items = accelerators");
}
BENCHMARK(BM_CostTable);

// PairEvaluator (coscan.Study.evaluate from Python): a batch of state.range(0) random pairs, in
// pairs per second, on one thread (the benchmark's TBB default arena otherwise).
void BM_PairEvaluatorBatch(benchmark::State &state) {
  const auto &p = problem();
  const engine::PairEvaluator evaluator(p);
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<std::uint64_t> archs(n), accels(n);
  std::uint64_t x = 88172645463325252ull; // xorshift64: a fixed pseudo-random batch
  for (std::size_t i = 0; i < n; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    archs[i] = x % p.archs->size();
    accels[i] = (x >> 32) % p.accels->size();
  }
  std::vector<double> accuracy(n), latency(n), energy(n), area(n);
  for (auto _ : state) {
    evaluator.evaluate(archs, accels,
                       {accuracy.data(), latency.data(), energy.data(), area.data()});
    benchmark::DoNotOptimize(latency.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PairEvaluatorBatch)->Arg(100)->Arg(100000)->Arg(1000000);

// The reference: every layer of every pair through the scalar model.
void BM_DirectPair(benchmark::State &state) {
  const auto &p = problem();
  std::uint64_t a = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine::evaluate_pair_direct(p, a % p.archs->size(), a % 64));
    a += 7919;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DirectPair);

// The Pareto reducer fed tiles of 1024 x 64 pairs (4 objectives) on the kernel target
// state.range(0) (the dominance scan is vectorised).
void pareto_reducer_tile(benchmark::State &state, const engine::Problem &p) {
  const auto target = static_cast<engine::KernelTarget>(state.range(0));
  if (!use_kernel_target(state, target))
    return;
  // 64 tiles of distinct architectures: the first 32 prime the front (a long sweep's reducer
  // has met most of its front early), the other 32 are timed, from the primed front each round
  // (a tile offered twice would add its members' copies).
  std::vector<engine::TileMetrics> tiles(64);
  for (std::size_t i = 0; i < tiles.size(); ++i) {
    engine::CostTable table;
    table.build(*p.cost_model, p.archs->vocabulary(), *p.accels, (i % 4) * 64, 64);
    std::vector<std::uint64_t> archs(1024);
    for (std::uint64_t a = 0; a < archs.size(); ++a)
      archs[a] = ((i / 4) * 1024 + a) * 7 % p.archs->size();
    engine::ArchBlock block;
    block.gather(p, archs);
    engine::evaluate_tile(block, table, tiles[i]);
  }
  engine::ParetoReducer primed(p.objectives);
  for (std::size_t i = 0; i < 32; ++i)
    primed.update(tiles[2 * i]);
  engine::ParetoReducer reducer = primed;
  std::size_t i = 0, front = 0;
  for (auto _ : state) {
    if (i % 32 == 0) {
      state.PauseTiming();
      front = std::max(front, reducer.front().size());
      reducer = primed;
      state.ResumeTiming();
    }
    reducer.update(tiles[2 * (i++ % 32) + 1]);
  }
  state.SetItemsProcessed(state.iterations() * 1024 * 64);
  state.counters["front"] = static_cast<double>(std::max(front, reducer.front().size()));
  state.SetLabel(std::string(engine::to_string(target)));
  engine::set_kernel_target(engine::supported_kernel_targets().back());
}
void BM_ParetoReducerTile(benchmark::State &state) { pareto_reducer_tile(state, problem()); }
void BM_ParetoReducerTileAlphaNet(benchmark::State &state) {
  pareto_reducer_tile(state, alphanet());
}
BENCHMARK(BM_ParetoReducerTile)->DenseRange(0, 2);
BENCHMARK(BM_ParetoReducerTileAlphaNet)->DenseRange(0, 2);

// Ranking similarity (latency vs accelerator 0) of one block of 64 accelerators: the grouped
// reducer (195 cost groups) against the row-wise reference (15,625 rows), per accelerator.
void BM_RankingGroupedBlock(benchmark::State &state) {
  const auto &p = problem();
  engine::RankingOptions options;
  options.proxy = 0;
  engine::RankingReducer reducer(p, {options}); // groups and the proxy's figures, once
  for (auto _ : state) {
    reducer.update(64, 64);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * 64);
}
BENCHMARK(BM_RankingGroupedBlock)->Unit(benchmark::kMillisecond);

void BM_RankingReferenceAll(benchmark::State &state) {
  const auto &p = problem();
  engine::RankingOptions options;
  options.proxy = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(engine::rank_similarity_reference(p, options));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(p.num_accels()));
}
BENCHMARK(BM_RankingReferenceAll)->Unit(benchmark::kMillisecond);

} // namespace

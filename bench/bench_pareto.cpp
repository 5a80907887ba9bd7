// ParetoFront::insert throughput: a stream of 100 tiles of 65,536 points into one front, k = 2..6,
// drawn uniform (the front grows fast) or correlated like real cost models (latency and energy
// positively correlated; -accuracy falling as latency rises, so those two trade off).
#include <coscan/engine/reduction/pareto_front.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

using coscan::engine::PairId;
using coscan::engine::ParetoFront;

constexpr std::size_t kTile = 65536;
constexpr std::size_t kTilesPerStream = 100;

enum class Distribution { uniform, correlated };

// Objectives in the engine's order: -accuracy, latency, energy, area, then extra uniform ones.
void fill_tile(std::mt19937_64 &rng, Distribution distribution, std::size_t k, std::size_t tile,
               std::vector<double> &values, std::vector<PairId> &ids) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (std::size_t row = 0; row < kTile; ++row) {
    double *p = &values[row * k];
    ids[row] = {tile, row};
    if (distribution == Distribution::uniform) {
      for (std::size_t i = 0; i < k; ++i)
        p[i] = uniform(rng);
      continue;
    }
    const double log_latency = normal(rng);
    const double objectives[] = {
        -(70.0 + 5.0 * log_latency + 2.0 * normal(rng)), // -accuracy
        std::exp(log_latency),                           // latency
        std::exp(0.9 * log_latency + 0.3 * normal(rng)), // energy
        1.0 + uniform(rng),                              // area
    };
    for (std::size_t i = 0; i < k; ++i)
      p[i] = i < std::size(objectives) ? objectives[i] : uniform(rng);
  }
}

void BM_ParetoInsertStream(benchmark::State &state) {
  const auto k = static_cast<std::size_t>(state.range(0));
  const auto distribution = static_cast<Distribution>(state.range(1));
  std::vector<double> values(kTile * k);
  std::vector<PairId> ids(kTile);
  std::size_t front_size = 0;
  for (auto _ : state) {
    std::mt19937_64 rng(42); // every stream the same, so the front size is reproducible
    ParetoFront front(k);
    for (std::size_t tile = 0; tile < kTilesPerStream; ++tile) {
      state.PauseTiming();
      fill_tile(rng, distribution, k, tile, values, ids);
      state.ResumeTiming();
      front.insert(values, ids);
    }
    front_size = front.size();
    benchmark::DoNotOptimize(front_size);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kTilesPerStream * kTile));
  state.counters["front_size"] = static_cast<double>(front_size);
  state.SetLabel(distribution == Distribution::uniform ? "uniform" : "correlated");
}

// The end-of-run reduction: two fronts of one uniform stream each, folded together.
void BM_ParetoMerge(benchmark::State &state) {
  const auto k = static_cast<std::size_t>(state.range(0));
  std::vector<double> values(kTile * k);
  std::vector<PairId> ids(kTile);
  std::mt19937_64 rng(7);
  std::vector<ParetoFront> parts(2, ParetoFront(k));
  for (ParetoFront &part : parts)
    for (std::size_t tile = 0; tile < 20; ++tile) {
      fill_tile(rng, Distribution::uniform, k, tile, values, ids);
      part.insert(values, ids);
    }
  std::size_t merged_size = 0;
  for (auto _ : state) {
    ParetoFront merged = parts[0];
    merged.merge(parts[1]);
    merged_size = merged.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * parts[1].size()));
  state.counters["part_size"] = static_cast<double>(parts[1].size());
  state.counters["front_size"] = static_cast<double>(merged_size);
}

} // namespace

BENCHMARK(BM_ParetoInsertStream)
    ->ArgsProduct({{2, 3, 4, 6}, {0, 1}})
    ->ArgNames({"k", "dist"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParetoMerge)->Arg(4)->Arg(6)->ArgName("k")->Unit(benchmark::kMillisecond);

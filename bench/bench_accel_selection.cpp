// Selecting accelerators before a sweep: the constraint pass over a grid (per grid point), the
// select of the valid set in its list and bitmap forms, and random / LHS subsets.
#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/search/accel_selection.hpp>

#include <benchmark/benchmark.h>

namespace {

using namespace coscan::search;
using coscan::costmodel::AccelParams;
using coscan::costmodel::Dataflow;

// 3 x 40 x 8 x 7 x 5 x 5 x 2 x 8 = 2,688,000 points.
AccelGrid big_grid() {
  AccelGrid g;
  g.dataflow = {Dataflow::weight_stationary, Dataflow::output_stationary, Dataflow::row_stationary};
  for (std::int64_t pes = 16; pes <= 640; pes += 16)
    g.num_pes.push_back(pes);
  g.l1_bytes = {8, 16, 32, 64, 128, 256, 512, 1024};
  g.l2_kib = {16, 32, 64, 128, 256, 512, 1024};
  g.noc_bw = {16, 32, 64, 128, 256};
  g.offchip_bw = {4, 8, 16, 32, 64};
  g.data_bits = {8, 16};
  g.clock_mhz = {200, 400, 600, 800, 1000, 1200, 1400, 1600};
  return g;
}

AccelConstraints constraints() {
  AccelConstraints c;
  c.area_max_mm2 = 3.0;
  c.onchip_max_kib = 512;
  c.max_aspect_ratio = 2;
  c.dataflow_rules = true;
  return c;
}

IndexSubset valid_of(const AccelSpace &space) {
  const coscan::costmodel::AnalyticalModel model;
  const AccelConstraintCheck check(constraints(),
                                   [&](const AccelParams &a) { return model.area_mm2(a); });
  std::array<std::uint64_t, kNumAccelRules> removed{};
  return valid_points(space, check, removed);
}

void BM_ConstraintPass(benchmark::State &state) {
  const AccelSpace space(big_grid());
  for (auto _ : state)
    benchmark::DoNotOptimize(valid_of(space).size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * space.grid_size()));
}
BENCHMARK(BM_ConstraintPass)->Unit(benchmark::kMillisecond);

void BM_SelectValid(benchmark::State &state) {
  const AccelSpace space(big_grid());
  const IndexSubset valid = valid_of(space);
  std::uint64_t i = 0, sum = 0;
  for (auto _ : state) {
    sum += valid.at(i);
    i = (i + 7919) % valid.size();
  }
  benchmark::DoNotOptimize(sum);
  state.counters["valid"] = static_cast<double>(valid.size());
  state.counters["MiB"] = static_cast<double>(valid.memory_bytes()) / (1 << 20);
}
BENCHMARK(BM_SelectValid);

void BM_Subset(benchmark::State &state) {
  const AccelSpace space(big_grid());
  const IndexSubset valid = valid_of(space);
  const auto count = static_cast<std::uint64_t>(state.range(1));
  for (auto _ : state) {
    if (state.range(0) == 0)
      benchmark::DoNotOptimize(random_subset(valid, count, 1).size());
    else
      benchmark::DoNotOptimize(latin_hypercube_subset(space.radices(), valid, count, 1).fallbacks);
  }
  state.SetLabel(state.range(0) == 0 ? "random" : "lhs");
}
BENCHMARK(BM_Subset)
    ->Args({0, 10000})
    ->Args({1, 1000})
    ->Args({1, 10000})
    ->Unit(benchmark::kMillisecond);

} // namespace

// Throughput of the analytical cost model: (layer, accelerator) evaluations per second on one
// core, through the scalar reference path and the batched SIMD path.
#include <coscan/costmodel/analytical_model.hpp>

#include <benchmark/benchmark.h>

#include <vector>

namespace {

using namespace coscan::costmodel;

constexpr std::size_t kBlock = 256;

/// A 3x3 convolution from the middle of a ResNet: 64 -> 64 channels on 56 x 56.
const LayerShape kConv{LayerType::conv, 1, 64, 64, 3, 3, 58, 58, 1, 1};
const LayerShape kDepthwise{LayerType::depthwise, 1, 96, 96, 3, 3, 30, 30, 1, 96};

/// A block spread over the seed papers' grid (PEs 16..512, NoC 300..1000, off-chip 50..350
/// bytes/cycle; crossbars 256..4096 with 1..8 ADCs of 6..8 bits), every entry of one dataflow,
/// or cycling the four when `mixed`.
AccelBlock make_block(Dataflow dataflow, bool mixed = false) {
  AccelBlock block;
  for (std::size_t i = 0; i < kBlock; ++i) {
    AccelParams a;
    a.dataflow = mixed ? static_cast<Dataflow>(i % kNumDataflows) : dataflow;
    a.num_pes = 16 * static_cast<std::int64_t>(1 + i % 32);
    std::tie(a.array_rows, a.array_cols) = default_array_shape(a.num_pes);
    a.noc_bw = 300.0 + 100.0 * static_cast<double>(i % 8);
    a.offchip_bw = 50.0 + 50.0 * static_cast<double>((i / 8) % 7);
    a.l2_kib = 64.0 * static_cast<double>(1 + i % 5);
    a.xbars = 256 * static_cast<std::int64_t>(1 + i % 16);
    a.adcs_per_xbar = std::int64_t{1} << (i % 4);
    a.adc_bits = 6 + static_cast<std::int64_t>(i % 3);
    block.push_back(a);
  }
  return block;
}

void BM_Scalar(benchmark::State &state, const LayerShape &layer, Dataflow dataflow) {
  const AnalyticalModel model;
  const AccelBlock block = make_block(dataflow);
  std::vector<AccelParams> accels;
  for (std::size_t i = 0; i < block.size(); ++i)
    accels.push_back(block.at(i));
  for (auto _ : state) {
    for (const AccelParams &a : accels) {
      LayerCost cost = model.layer_cost(layer, a);
      benchmark::DoNotOptimize(cost);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * accels.size()));
}

void BM_Batch(benchmark::State &state, const LayerShape &layer, Dataflow dataflow, bool mixed) {
  const AnalyticalModel model;
  const AccelBlock block = make_block(dataflow, mixed);
  std::vector<double> cycles(block.size()), energy(block.size());
  for (auto _ : state) {
    model.layer_cost_batch(layer, block, cycles, energy);
    benchmark::DoNotOptimize(cycles.data());
    benchmark::DoNotOptimize(energy.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * block.size()));
}

BENCHMARK_CAPTURE(BM_Scalar, conv_ws, kConv, Dataflow::weight_stationary);
BENCHMARK_CAPTURE(BM_Scalar, conv_os, kConv, Dataflow::output_stationary);
BENCHMARK_CAPTURE(BM_Scalar, conv_rs, kConv, Dataflow::row_stationary);
BENCHMARK_CAPTURE(BM_Scalar, conv_imc, kConv, Dataflow::imc_crossbar);
BENCHMARK_CAPTURE(BM_Batch, conv_ws, kConv, Dataflow::weight_stationary, false);
BENCHMARK_CAPTURE(BM_Batch, conv_os, kConv, Dataflow::output_stationary, false);
BENCHMARK_CAPTURE(BM_Batch, conv_rs, kConv, Dataflow::row_stationary, false);
BENCHMARK_CAPTURE(BM_Batch, conv_imc, kConv, Dataflow::imc_crossbar, false);
// Runs of length one: the worst case for the batched path.
BENCHMARK_CAPTURE(BM_Batch, conv_mixed, kConv, Dataflow::weight_stationary, true);
BENCHMARK_CAPTURE(BM_Batch, depthwise_rs, kDepthwise, Dataflow::row_stationary, false);
BENCHMARK_CAPTURE(BM_Batch, depthwise_imc, kDepthwise, Dataflow::imc_crossbar, false);

} // namespace

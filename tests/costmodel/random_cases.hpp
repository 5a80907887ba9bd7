#pragma once
// Random valid layers and accelerators, and the batched-equals-scalar check, shared by the cost
// model tests.
#include <coscan/costmodel/analytical_model.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <vector>

namespace coscan::costmodel::testing {

inline constexpr Dataflow kAllDataflows[] = {Dataflow::weight_stationary,
                                             Dataflow::output_stationary, Dataflow::row_stationary,
                                             Dataflow::imc_crossbar};

/// A random valid layer of any type.
inline LayerShape random_layer(std::mt19937_64 &rng) {
  auto pick = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  LayerShape l;
  l.type = static_cast<LayerType>(pick(0, 4));
  l.n = pick(1, 4);
  switch (l.type) {
  case LayerType::conv: {
    l.groups = pick(0, 3) == 0 ? pick(2, 8) : 1;
    l.c = l.groups * pick(1, 64);
    l.k = l.groups * pick(1, 128);
    l.r = 2 * pick(0, 3) + 1;
    l.s = pick(0, 3) == 0 ? 2 * pick(0, 3) + 1 : l.r;
    l.stride = pick(1, 2);
    l.y = l.r + pick(0, 60);
    l.x = l.s + pick(0, 60);
    break;
  }
  case LayerType::depthwise:
    l.c = l.k = l.groups = pick(1, 256);
    l.r = l.s = 2 * pick(1, 3) + 1;
    l.stride = pick(1, 2);
    l.y = l.x = l.r + pick(0, 60);
    break;
  case LayerType::fc:
    l.c = pick(1, 4096);
    l.k = pick(1, 4096);
    break;
  case LayerType::pool:
    l.c = l.k = pick(1, 512);
    l.r = l.s = pick(1, 3);
    l.stride = pick(1, 3);
    l.y = l.x = l.r + pick(0, 60);
    break;
  case LayerType::add:
    l.c = l.k = pick(1, 512);
    l.y = pick(1, 64);
    l.x = pick(1, 64);
    break;
  }
  l.validate();
  return l;
}

/// A random accelerator; the array shape is sometimes the default one, sometimes skewed.
inline AccelParams random_accel(std::mt19937_64 &rng, Dataflow dataflow) {
  auto pick = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  auto real = [&](double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(rng); };
  AccelParams a;
  a.dataflow = dataflow;
  if (pick(0, 1) == 0) {
    a.num_pes = pick(1, 1024);
    std::tie(a.array_rows, a.array_cols) = default_array_shape(a.num_pes);
  } else {
    a.array_rows = pick(1, 64);
    a.array_cols = pick(1, 64);
    a.num_pes = a.array_rows * a.array_cols;
  }
  a.l1_bytes = pick(0, 1) == 0 ? static_cast<double>(pick(1, 1024)) : real(1, 1024);
  a.l2_kib = pick(0, 1) == 0 ? static_cast<double>(pick(1, 4096)) : real(0.5, 4096);
  a.noc_bw = real(1, 1000);
  a.offchip_bw = real(0.5, 400);
  a.clock_mhz = real(50, 2000);
  a.data_bits = std::array<std::int64_t, 4>{4, 8, 16, 32}[pick(0, 3)];
  // Crossbar fields (read by imc_crossbar only): ISAAC-like to extreme.
  a.xbar_rows = pick(0, 1) == 0 ? 128 : pick(1, 512);
  a.xbar_cols = pick(0, 1) == 0 ? 128 : pick(1, 512);
  a.xbars = pick(0, 1) == 0 ? pick(1, 64) : pick(1, 1 << 14);
  a.cell_bits = pick(1, 4);
  a.weight_bits = pick(1, 16);
  a.adc_bits = pick(1, 12);
  a.adcs_per_xbar = pick(1, std::min<std::int64_t>(a.xbar_cols, 16));
  return a;
}

inline void expect_batch_equals_scalar(const AnalyticalModel &model, const LayerShape &layer,
                                       const AccelBlock &block) {
  std::vector<double> cycles(block.size(), -1), energy(block.size(), -1);
  model.layer_cost_batch(layer, block, cycles, energy);
  for (std::size_t i = 0; i < block.size(); ++i) {
    const LayerCost ref = model.layer_cost(layer, block.at(i));
    EXPECT_EQ(cycles[i], ref.cycles) << layer.to_string() << " accel " << i;
    EXPECT_EQ(energy[i], ref.energy_j) << layer.to_string() << " accel " << i;
    EXPECT_TRUE(std::isfinite(ref.cycles) && ref.cycles > 0) << layer.to_string();
    EXPECT_TRUE(std::isfinite(ref.energy_j) && ref.energy_j > 0) << layer.to_string();
  }
}

} // namespace coscan::costmodel::testing

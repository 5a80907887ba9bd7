// The analytical model: the batched path pinned bit-for-bit to the scalar one, hand-computed
// cases per dataflow, and the directions every accelerator parameter must push the costs.
#include "costmodel/random_cases.hpp"
#include "dataflow_equations.hpp"

#include <coscan/costmodel/analytical_model.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

using namespace coscan::costmodel;
using namespace coscan::costmodel::testing;

/// The PE-array dataflows (the crossbar one has its own tests in test_imc_crossbar.cpp).
constexpr Dataflow kDataflows[] = {Dataflow::weight_stationary, Dataflow::output_stationary,
                                   Dataflow::row_stationary};

TEST(AnalyticalModel, BatchEqualsScalarBitForBitPerDataflow) {
  std::mt19937_64 rng(20240611);
  const AnalyticalModel model;
  for (int trial = 0; trial < 600; ++trial) {
    const LayerShape layer = random_layer(rng);
    for (Dataflow d : kAllDataflows) {
      AccelBlock block;
      for (int i = 0; i < 37; ++i) // not a multiple of the vector width
        block.push_back(random_accel(rng, d));
      expect_batch_equals_scalar(model, layer, block);
    }
    if (HasFailure())
      return;
  }
}

TEST(AnalyticalModel, BatchEqualsScalarBitForBitOnMixedBlocks) {
  std::mt19937_64 rng(7);
  const AnalyticalModel model;
  for (int trial = 0; trial < 600; ++trial) {
    const LayerShape layer = random_layer(rng);
    AccelBlock block;
    while (block.size() < 64) { // runs of random length and dataflow, some of length one
      const Dataflow d = kAllDataflows[std::uniform_int_distribution<int>(0, 3)(rng)];
      const int run = std::uniform_int_distribution<int>(1, 9)(rng);
      for (int i = 0; i < run; ++i)
        block.push_back(random_accel(rng, d));
    }
    expect_batch_equals_scalar(model, layer, block);
    if (HasFailure())
      return;
  }
}

TEST(AnalyticalModel, EmptyBlockIsANoOp) {
  const AnalyticalModel model;
  AccelBlock block;
  model.layer_cost_batch(LayerShape{}, block, {}, {});
}

// --- Hand-computed cases (docs/costmodel.md's equations) ---
// conv N1 K4 C2 R3 S3 Y6 X6 stride 1: out 4x4, MACs 1152, weights 72, inputs 72, outputs 64.
const LayerShape kSmallConv{LayerType::conv, 1, 4, 2, 3, 3, 6, 6, 1, 1};

AccelParams small_accel(Dataflow d) {
  AccelParams a;
  a.dataflow = d;
  a.num_pes = 16;
  a.array_rows = 4;
  a.array_cols = 4;
  a.l1_bytes = 1024; // every in-PE reuse fits
  a.l2_kib = 256;    // the whole layer fits
  a.noc_bw = 64;
  a.offchip_bw = 16;
  a.data_bits = 8; // one byte per element
  return a;
}

double expected_energy_j(double ops_pj, double noc, double dram, double l1_ops_bytes) {
  const EnergyTable e;
  const double l1 = l1_ops_bytes + noc;
  const double l2 = dram + noc;
  return (ops_pj + l1 * e.l1_pj_per_byte + noc * e.noc_pj_per_byte + l2 * e.l2_pj_per_byte +
          dram * e.dram_pj_per_byte) *
         1e-12;
}

// Prologue: one output channel's filter (72 / 4 = 18) + R = 3 input rows of 2 x 6 (36):
// 54 bytes at 16 bytes/cycle = 3.375 cycles. DRAM: 72 + 72 + 64 = 208 bytes (fits L2).
constexpr double kPrologue = 54.0 / 16.0;
constexpr double kMacs = 1152;

TEST(AnalyticalModel, HandComputedWeightStationary) {
  const AnalyticalModel model;
  const LayerCost cost = model.layer_cost(kSmallConv, small_accel(Dataflow::weight_stationary));
  // C = 2 over 4 rows, K = 4 over 4 cols: one fold, half the array idle; R*S*Y'*X' = 144 cycles.
  // NoC: weights 72 once, inputs 72 once (one K fold), psums 64 * (2 * 1 - 1).
  const double noc = 72 + 72 + 64;
  EXPECT_EQ(cost.cycles, std::max({144.0, noc / 64, 208.0 / 16}) + kPrologue);
  EXPECT_DOUBLE_EQ(cost.energy_j,
                   expected_energy_j(kMacs * EnergyTable{}.mac_pj, noc, 208, kMacs * 4));
}

TEST(AnalyticalModel, HandComputedOutputStationary) {
  const AnalyticalModel model;
  const LayerCost cost = model.layer_cost(kSmallConv, small_accel(Dataflow::output_stationary));
  // 4x4 outputs over 4x4 PEs: one tile, one plane per pass; K * C * R * S = 72 cycles.
  // NoC: weights 72 (one tile), inputs 72 once per output channel (4 passes), outputs 64.
  const double noc = 72 + 72 * 4 + 64;
  EXPECT_EQ(cost.cycles, std::max({72.0, noc / 64, 208.0 / 16}) + kPrologue);
  EXPECT_DOUBLE_EQ(cost.energy_j,
                   expected_energy_j(kMacs * EnergyTable{}.mac_pj, noc, 208, kMacs * 4));
}

TEST(AnalyticalModel, HandComputedRowStationary) {
  const AnalyticalModel model;
  const LayerCost cost = model.layer_cost(kSmallConv, small_accel(Dataflow::row_stationary));
  // R = 3 filter rows on 4 rows (one replica), Y' = 4 output rows on 4 cols;
  // N * K * C * S * X' = 1 * 4 * 2 * 3 * 4 = 96 cycles.
  // NoC: weights 72 (one Y' fold), psums 64, inputs 72 once: a PE's 1 KiB L1 holds the rows of
  // all 4 filters (p = 4: 4 * 3 + 3 + 4 bytes).
  const double noc = 72 + 72 + 64;
  EXPECT_EQ(cost.cycles, std::max({96.0, noc / 64, 208.0 / 16}) + kPrologue);
  EXPECT_DOUBLE_EQ(cost.energy_j,
                   expected_energy_j(kMacs * EnergyTable{}.mac_pj, noc, 208, kMacs * 4));

  // An 11-byte L1 holds p = floor((11 - 3) / (3 + 1)) = 2 filter rows, their 2 partial sums and
  // the input window: each input row goes out once per 2 output channels, twice in all.
  AccelParams two_filters = small_accel(Dataflow::row_stationary);
  two_filters.l1_bytes = 11;
  const LayerCost two = model.layer_cost(kSmallConv, two_filters);
  const double noc_two = 72 + 72 * 2 + 64;
  EXPECT_EQ(two.cycles, std::max({96.0, noc_two / 64, 208.0 / 16}) + kPrologue);
  // One filter row per PE (a 7-byte L1: the row, the window and one partial sum): once per
  // output channel, 4 times.
  two_filters.l1_bytes = 7;
  const LayerCost one = model.layer_cost(kSmallConv, two_filters);
  EXPECT_GT(one.energy_j, two.energy_j);
  // The 144 input bytes more cross the NoC, are read from L2 and written to L1.
  const EnergyTable e;
  EXPECT_NEAR(one.energy_j - two.energy_j,
              72 * 2 * (e.noc_pj_per_byte + e.l2_pj_per_byte + e.l1_pj_per_byte) * 1e-12, 1e-22);
}

TEST(AnalyticalModel, HandComputedSmallL1AndL2) {
  const AnalyticalModel model;
  AccelParams a = small_accel(Dataflow::weight_stationary);
  a.l1_bytes = 6;   // half of the 3*3 + 3 = 12 bytes in-PE reuse needs
  a.l2_kib = 0.125; // 128 bytes < 208: weights in chunks of 64 bytes
  a.offchip_bw = 1; // DRAM-bound
  const LayerCost cost = model.layer_cost(kSmallConv, a);
  // Inputs re-sent 1 + (9 - 1) * (1 - 6 / 12) = 5 times; weights in ceil(72 / 64) = 2 chunks,
  // so the inputs are read from DRAM twice: 208 + 72 = 280 bytes, 280 cycles at 1 byte/cycle.
  const double noc = 72 + 72 * 5 + 64;
  const double dram = 280;
  EXPECT_EQ(cost.cycles, dram / 1 + 54.0 / 1);
  EXPECT_DOUBLE_EQ(cost.energy_j,
                   expected_energy_j(kMacs * EnergyTable{}.mac_pj, noc, dram, kMacs * 4));
}

TEST(AnalyticalModel, HandComputedPoolIgnoresTheDataflow) {
  const AnalyticalModel model;
  // pool N1 C2 R2 S2 Y4 X4 stride 2: out 2x2, 32 ops, 32 inputs, 8 outputs.
  const LayerShape pool{LayerType::pool, 1, 2, 2, 2, 2, 4, 4, 2, 1};
  for (Dataflow d : kDataflows) {
    const LayerCost cost = model.layer_cost(pool, small_accel(d));
    // ceil(32 / 16) = 2 compute cycles; 40 bytes at 16 bytes/cycle = 2.5; prologue: 2 input
    // rows of 2 x 4 = 16 bytes = 1 cycle.
    EXPECT_EQ(cost.cycles, 2.5 + 1.0);
    EXPECT_DOUBLE_EQ(cost.energy_j,
                     expected_energy_j(32 * EnergyTable{}.alu_op_pj, 40, 40, 32 * 3));
  }
}

TEST(AnalyticalModel, DenseConvPoolingCostsAPoolAsItsConvolution) {
  const AnalyticalModel native;
  AnalyticalParams dense_params;
  dense_params.pooling = PoolingCost::dense_conv;
  const AnalyticalModel dense(dense_params);
  const LayerShape pool{LayerType::pool, 1, 16, 16, 3, 3, 10, 10, 1, 1};
  LayerShape conv = pool;
  conv.type = LayerType::conv;
  std::mt19937_64 rng(11);
  for (Dataflow d : kAllDataflows) {
    AccelBlock block;
    for (int i = 0; i < 9; ++i)
      block.push_back(random_accel(rng, d));
    expect_batch_equals_scalar(dense, pool, block);
    for (std::size_t i = 0; i < block.size(); ++i) {
      const LayerCost as_conv = dense.layer_cost(pool, block.at(i));
      const LayerCost reference = native.layer_cost(conv, block.at(i));
      EXPECT_EQ(as_conv.cycles, reference.cycles);
      EXPECT_EQ(as_conv.energy_j, reference.energy_j);
      EXPECT_EQ(dense.layer_breakdown(pool, block.at(i)).cycles, reference.cycles);
      // 16 x 16 x 9 MACs per output against 9 adds: the dense convolution costs more energy.
      EXPECT_GT(as_conv.energy_j, native.layer_cost(pool, block.at(i)).energy_j);
    }
    // Other layers are untouched.
    EXPECT_EQ(dense.layer_cost(conv, block.at(0)).cycles,
              native.layer_cost(conv, block.at(0)).cycles);
  }
}

// --- Directions ---

LayerCost cost_of(const AnalyticalModel &m, const LayerShape &l, const AccelParams &a) {
  return m.layer_cost(l, a);
}

detail::Traffic traffic_of(const LayerShape &l, const AccelParams &a) {
  const detail::LayerTerms t = detail::make_layer_terms(l);
  const detail::AccelScalars s{static_cast<double>(a.array_rows),
                               static_cast<double>(a.array_cols),
                               a.l1_bytes,
                               a.l2_kib,
                               a.noc_bw,
                               a.offchip_bw,
                               static_cast<double>(a.data_bits)};
  switch (detail::kernel_for(t, a.dataflow)) {
  case detail::Kernel::weight_stationary:
    return detail::traffic_of(t, s, detail::kernel_counts<detail::Kernel::weight_stationary>(t, s));
  case detail::Kernel::output_stationary:
    return detail::traffic_of(t, s, detail::kernel_counts<detail::Kernel::output_stationary>(t, s));
  case detail::Kernel::row_stationary:
    return detail::traffic_of(t, s, detail::kernel_counts<detail::Kernel::row_stationary>(t, s));
  case detail::Kernel::elementwise:
    return detail::traffic_of(t, s, detail::kernel_counts<detail::Kernel::elementwise>(t, s));
  case detail::Kernel::imc_crossbar: // not a PE-array mapping: test_imc_crossbar.cpp
    break;
  }
  return {};
}

TEST(AnalyticalModel, MoreResourcesNeverCostMore) {
  std::mt19937_64 rng(99);
  const AnalyticalModel model;
  for (int trial = 0; trial < 3000; ++trial) {
    const LayerShape l = random_layer(rng);
    const AccelParams a = random_accel(rng, kDataflows[trial % 3]);
    const LayerCost base = cost_of(model, l, a);
    const detail::Traffic base_traffic = traffic_of(l, a);
    SCOPED_TRACE(l.to_string() + " on " + std::string(to_string(a.dataflow)));

    AccelParams more = a;
    more.offchip_bw *= 1.7;
    EXPECT_LE(cost_of(model, l, more).cycles, base.cycles);

    more = a;
    more.noc_bw *= 1.7;
    EXPECT_LE(cost_of(model, l, more).cycles, base.cycles);

    more = a;
    more.l2_kib *= 3;
    EXPECT_LE(traffic_of(l, more).dram, base_traffic.dram);
    EXPECT_LE(cost_of(model, l, more).cycles, base.cycles);
    EXPECT_LE(cost_of(model, l, more).energy_j, base.energy_j);

    more = a;
    more.l1_bytes *= 2.5;
    EXPECT_LE(traffic_of(l, more).noc, base_traffic.noc);
    EXPECT_LE(cost_of(model, l, more).cycles, base.cycles);
    EXPECT_LE(cost_of(model, l, more).energy_j, base.energy_j);

    // More PEs along either side of the array (the shape otherwise kept) is never slower.
    more = a;
    more.array_cols += 1 + trial % 7;
    more.num_pes = more.array_rows * more.array_cols;
    EXPECT_LE(cost_of(model, l, more).cycles, base.cycles);
    EXPECT_LE(traffic_of(l, more).noc, base_traffic.noc);
    more = a;
    more.array_rows += 1 + trial % 5;
    more.num_pes = more.array_rows * more.array_cols;
    EXPECT_LE(cost_of(model, l, more).cycles, base.cycles);
    EXPECT_LE(traffic_of(l, more).noc, base_traffic.noc);

    // Wider data moves more bytes: never faster, never cheaper.
    if (a.data_bits < 32) {
      more = a;
      more.data_bits *= 2;
      EXPECT_GE(cost_of(model, l, more).cycles, base.cycles);
      EXPECT_GE(cost_of(model, l, more).energy_j, base.energy_j);
    }

    // The clock changes seconds, not cycles or energy.
    more = a;
    more.clock_mhz *= 2;
    const LayerCost faster = cost_of(model, l, more);
    EXPECT_EQ(faster.cycles, base.cycles);
    EXPECT_EQ(faster.energy_j, base.energy_j);
    EXPECT_EQ(faster.cycles / (more.clock_mhz * 1e6), 0.5 * (base.cycles / (a.clock_mhz * 1e6)));
    if (HasFailure())
      return;
  }
}

TEST(AnalyticalModel, ComputeBoundLayerScalesWithPes) {
  // A large conv on ample bandwidth: each dataflow's compute time falls as the array grows.
  const AnalyticalModel model;
  const LayerShape l{LayerType::conv, 1, 64, 64, 3, 3, 34, 34, 1, 1};
  for (Dataflow d : kDataflows) {
    AccelParams small = small_accel(d), big = small_accel(d);
    small.noc_bw = big.noc_bw = 1e6;
    small.offchip_bw = big.offchip_bw = 1e6;
    big.array_rows = big.array_cols = 16;
    big.num_pes = 256;
    EXPECT_LT(model.layer_cost(l, big).cycles, model.layer_cost(l, small).cycles) << to_string(d);
    // Never below the ideal MACs / PEs.
    EXPECT_GE(model.layer_cost(l, big).cycles, static_cast<double>(l.macs()) / 256);
  }
}

TEST(AnalyticalModel, NoLayerBeatsTheIdealComputeBound) {
  std::mt19937_64 rng(5);
  const AnalyticalModel model;
  for (int trial = 0; trial < 3000; ++trial) {
    const LayerShape l = random_layer(rng);
    const AccelParams a = random_accel(rng, kDataflows[trial % 3]);
    const double ideal =
        static_cast<double>(l.ops()) / static_cast<double>(a.array_rows * a.array_cols);
    EXPECT_GE(model.layer_cost(l, a).cycles, ideal) << l.to_string();
  }
}

TEST(AnalyticalModel, AreaGrowsWithPesAndBuffers) {
  const AnalyticalModel model;
  AccelParams a;
  const double base = model.area_mm2(a);
  EXPECT_GT(base, 0);
  AccelParams more = a;
  more.num_pes = 512;
  std::tie(more.array_rows, more.array_cols) = default_array_shape(512);
  EXPECT_GT(model.area_mm2(more), base);
  more = a;
  more.l2_kib *= 2;
  EXPECT_GT(model.area_mm2(more), base);
  more = a;
  more.l1_bytes *= 2;
  EXPECT_GT(model.area_mm2(more), base);
  more = a;
  more.noc_bw *= 2;
  EXPECT_GT(model.area_mm2(more), base);
  more = a;
  more.offchip_bw *= 2;
  EXPECT_GT(model.area_mm2(more), base);
  more = a;
  more.clock_mhz *= 2;
  EXPECT_EQ(model.area_mm2(more), base);
  // The formula, for the default 16x16 accelerator.
  const AreaTable t;
  EXPECT_DOUBLE_EQ(base, 256 * (t.pe_mm2 + 256.0 / 1024 * t.l1_mm2_per_kib + t.noc_mm2_per_pe +
                                64 * t.noc_mm2_per_pe_byte_bw) +
                             256 * t.sram_mm2_per_kib + 64 * t.noc_mm2_per_byte_bw +
                             16 * t.offchip_mm2_per_byte_bw + t.fixed_mm2);
}

TEST(AnalyticalModel, CustomTablesAreUsed) {
  AnalyticalParams p;
  p.energy.dram_pj_per_byte *= 2;
  const AnalyticalModel doubled(p), base;
  const AccelParams a = small_accel(Dataflow::row_stationary);
  EXPECT_GT(doubled.layer_cost(kSmallConv, a).energy_j, base.layer_cost(kSmallConv, a).energy_j);
  EXPECT_EQ(doubled.layer_cost(kSmallConv, a).cycles, base.layer_cost(kSmallConv, a).cycles);
  EXPECT_EQ(base.name(), "analytical");
}

} // namespace

namespace coscan::costmodel {
namespace {

TEST(AnalyticalModel, BreakdownSumsToTheCostExactly) {
  std::mt19937_64 rng(99);
  const AnalyticalModel model;
  for (int i = 0; i < 2000; ++i) {
    const LayerShape layer = random_layer(rng);
    for (Dataflow d :
         {Dataflow::weight_stationary, Dataflow::output_stationary, Dataflow::row_stationary}) {
      const AccelParams accel = random_accel(rng, d);
      const LayerCost cost = model.layer_cost(layer, accel);
      const LayerBreakdown b = model.layer_breakdown(layer, accel);
      ASSERT_EQ(b.cycles, cost.cycles) << layer.to_string();
      ASSERT_EQ(b.energy_j, cost.energy_j) << layer.to_string();
      EXPECT_EQ(std::max(b.compute_cycles, std::max(b.noc_cycles, b.dram_cycles)) +
                    b.prologue_cycles,
                cost.cycles);
      EXPECT_EQ((((b.mac_j + b.l1_j) + b.noc_j) + b.l2_j) + b.dram_j, cost.energy_j);
      EXPECT_GT(b.utilisation, 0.0);
      EXPECT_LE(b.utilisation, 1.0 + 1e-12) << layer.to_string();
      EXPECT_GE(b.l2_bytes, b.dram_bytes);
      EXPECT_GE(b.l1_bytes, b.noc_bytes);
      EXPECT_EQ(b.noc_cycles, b.noc_bytes / accel.noc_bw);
      EXPECT_EQ(b.dram_cycles, b.dram_bytes / accel.offchip_bw);
    }
  }
}

TEST(AnalyticalModel, BreakdownOfAHandComputedLayer) {
  // 16 x 16 weight stationary, a 3x3 conv with C = K = 16 on 34 x 34: one fold each way.
  AccelParams a;
  a.dataflow = Dataflow::weight_stationary;
  const LayerShape l{.type = LayerType::conv, .k = 16, .c = 16, .r = 3, .s = 3, .y = 34, .x = 34};
  const LayerBreakdown b = AnalyticalModel().layer_breakdown(l, a);
  EXPECT_EQ(b.compute_cycles, 9.0 * 32 * 32);
  EXPECT_DOUBLE_EQ(b.utilisation, 1.0);
  EXPECT_DOUBLE_EQ(b.mac_j, static_cast<double>(l.macs()) * 0.23e-12);
}

} // namespace
} // namespace coscan::costmodel

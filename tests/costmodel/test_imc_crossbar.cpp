// The in-memory crossbar dataflow: hand-computed cases from docs/costmodel.md's equations, the
// directions its parameters must push the costs, its area, and the per-network reload term.
// (Batched == scalar for it is in test_analytical_model.cpp, with the other dataflows.)
#include "costmodel/random_cases.hpp"

#include <coscan/costmodel/analytical_model.hpp>

#include <gtest/gtest.h>

namespace coscan::costmodel {
namespace {

using testing::random_accel;
using testing::random_layer;

/// ISAAC's defaults (128 x 128 crossbars, 2-bit cells, 8-bit weights and ADCs, one ADC per
/// crossbar) with a 4 x 4 digital unit, ample L2, 64 and 16 bytes/cycle.
AccelParams isaac_like() {
  AccelParams a;
  a.dataflow = Dataflow::imc_crossbar;
  a.num_pes = 16;
  a.array_rows = a.array_cols = 4;
  a.l1_bytes = 256;
  a.l2_kib = 256;
  a.noc_bw = 64;
  a.offchip_bw = 16;
  return a;
}

TEST(ImcCrossbar, HandComputedSmallConv) {
  // conv N1 K4 C2 R3 S3 Y6 X6: 16 output pixels; one group's matrix is 18 rows x 4 channels x
  // 4 slices = 16 columns, one crossbar. 18 rows <= 85 (= 255 / 3, what an 8-bit ADC sums
  // losslessly from 2-bit cells): one read per input bit; 16 columns through one ADC: 16 cycles.
  const LayerShape l{LayerType::conv, 1, 4, 2, 3, 3, 6, 6, 1, 1};
  const AccelParams a = isaac_like();
  const LayerBreakdown b = AnalyticalModel().layer_breakdown(l, a);
  EXPECT_EQ(b.xbars_used, 1.0);
  EXPECT_EQ(b.compute_cycles, 16.0 * 8 * 16); // vectors x input bits x read cycles
  EXPECT_EQ(b.adc_conversions, 16.0 * 8 * 16);
  // NoC: 72 inputs x 9 uses + 64 outputs; DRAM: inputs and outputs once; prologue: 3 rows of
  // 2 x 6 inputs = 36 bytes.
  EXPECT_EQ(b.noc_bytes, 72.0 * 9 + 64);
  EXPECT_EQ(b.dram_bytes, 72.0 + 64);
  EXPECT_EQ(b.prologue_cycles, 36.0 / 16);
  EXPECT_EQ(b.cycles, 2048.0 + 36.0 / 16);
  EXPECT_DOUBLE_EQ(b.utilisation, 72.0 * 4 / (128 * 128));
  const EnergyTable e;
  EXPECT_DOUBLE_EQ(b.adc_j, 2048 * e.adc_pj * 1e-12);
  EXPECT_DOUBLE_EQ(b.xbar_j, 128 * e.xbar_read_pj * (18.0 * 16 / 16384) * 1e-12);
  EXPECT_DOUBLE_EQ(b.mac_j, 2048 * e.alu_op_pj * 1e-12);
  EXPECT_DOUBLE_EQ(b.dram_j, 136 * e.dram_pj_per_byte * 1e-12);
  EXPECT_DOUBLE_EQ(b.l2_j, (136 + 712) * e.l2_pj_per_byte * 1e-12);
  EXPECT_EQ(b.energy_j,
            (((((b.mac_j + b.l1_j) + b.noc_j) + b.l2_j) + b.dram_j) + b.adc_j) + b.xbar_j);
  const LayerCost cost = AnalyticalModel().layer_cost(l, a);
  EXPECT_EQ(cost.cycles, b.cycles);
  EXPECT_EQ(cost.energy_j, b.energy_j);
}

TEST(ImcCrossbar, HandComputedDepthwisePacksGroupsAndSplitsReads) {
  // 32 groups of 9 rows x 4 columns: 14 per crossbar (128 / 9), so 3 crossbars; the fullest
  // uses 126 rows, more than the 85 an 8-bit ADC resolves: 2 reads per input bit of 56 columns.
  const LayerShape l{LayerType::depthwise, 1, 32, 32, 3, 3, 10, 10, 1, 32};
  const LayerBreakdown b = AnalyticalModel().layer_breakdown(l, isaac_like());
  EXPECT_EQ(b.xbars_used, 3.0);
  EXPECT_EQ(b.compute_cycles, 64.0 * 8 * 2 * 56);
  EXPECT_EQ(b.adc_conversions, 64.0 * 8 * 2 * (32 * 4));
  // A 9-bit ADC resolves 170 rows: one read per bit.
  AccelParams wide = isaac_like();
  wide.adc_bits = 9;
  EXPECT_EQ(AnalyticalModel().layer_breakdown(l, wide).compute_cycles, 64.0 * 8 * 56);
}

TEST(ImcCrossbar, HandComputedLayerLargerThanTheChipRunsInWaves) {
  // fc 4096 x 4096: 32 row tiles x 128 column tiles = 4096 crossbars on a chip of 1024.
  const LayerShape l{.type = LayerType::fc, .k = 4096, .c = 4096};
  const LayerBreakdown b = AnalyticalModel().layer_breakdown(l, isaac_like());
  EXPECT_EQ(b.xbars_used, 4096.0);
  EXPECT_EQ(b.compute_cycles, 4.0 * 8 * 2 * 128); // waves x bits x row groups x columns
  EXPECT_EQ(b.noc_bytes, 4096.0 + 4096 * (2 * 32 - 1));
}

TEST(ImcCrossbar, PoolAndAddRunOnTheDigitalUnit) {
  const LayerShape pool{LayerType::pool, 1, 8, 8, 2, 2, 8, 8, 2, 1};
  AccelParams imc = isaac_like(), ws = isaac_like();
  ws.dataflow = Dataflow::weight_stationary;
  const AnalyticalModel model;
  EXPECT_EQ(model.layer_cost(pool, imc).cycles, model.layer_cost(pool, ws).cycles);
  EXPECT_EQ(model.layer_cost(pool, imc).energy_j, model.layer_cost(pool, ws).energy_j);
}

TEST(ImcCrossbar, MoreCrossbarResourcesNeverCostMoreTime) {
  std::mt19937_64 rng(31);
  const AnalyticalModel model;
  for (int trial = 0; trial < 3000; ++trial) {
    const LayerShape l = random_layer(rng);
    const AccelParams a = random_accel(rng, Dataflow::imc_crossbar);
    const LayerCost base = model.layer_cost(l, a);
    SCOPED_TRACE(l.to_string());
    AccelParams more = a;
    more.xbars *= 2;
    EXPECT_LE(model.layer_cost(l, more).cycles, base.cycles);
    more = a;
    if (a.adcs_per_xbar < a.xbar_cols) {
      more.adcs_per_xbar += 1;
      EXPECT_LE(model.layer_cost(l, more).cycles, base.cycles);
    }
    more = a;
    more.adc_bits += 1; // resolves more rows per read: never slower, each conversion dearer
    EXPECT_LE(model.layer_cost(l, more).cycles, base.cycles);
    more = a;
    more.offchip_bw *= 1.5;
    more.noc_bw *= 1.5;
    EXPECT_LE(model.layer_cost(l, more).cycles, base.cycles);
    more = a;
    more.l2_kib *= 3;
    EXPECT_LE(model.layer_cost(l, more).energy_j, base.energy_j);
    more = a;
    more.clock_mhz *= 2;
    EXPECT_EQ(model.layer_cost(l, more).cycles, base.cycles);
    if (HasFailure())
      return;
  }
}

TEST(ImcCrossbar, BreakdownSumsToTheCostExactly) {
  std::mt19937_64 rng(17);
  const AnalyticalModel model;
  for (int i = 0; i < 3000; ++i) {
    const LayerShape l = random_layer(rng);
    const AccelParams a = random_accel(rng, Dataflow::imc_crossbar);
    const LayerCost cost = model.layer_cost(l, a);
    const LayerBreakdown b = model.layer_breakdown(l, a);
    ASSERT_EQ(b.cycles, cost.cycles) << l.to_string();
    ASSERT_EQ(b.energy_j, cost.energy_j) << l.to_string();
    EXPECT_EQ(std::max(b.compute_cycles, std::max(b.noc_cycles, b.dram_cycles)) + b.prologue_cycles,
              cost.cycles);
    EXPECT_GT(b.utilisation, 0.0) << l.to_string();
    EXPECT_LE(b.utilisation, 1.0) << l.to_string();
    if (l.type == LayerType::pool || l.type == LayerType::add) {
      EXPECT_EQ(b.adc_j, 0.0);
    } else {
      EXPECT_EQ(b.energy_j,
                (((((b.mac_j + b.l1_j) + b.noc_j) + b.l2_j) + b.dram_j) + b.adc_j) + b.xbar_j);
      EXPECT_GT(b.adc_j, 0.0);
      EXPECT_GT(b.xbar_j, 0.0);
      EXPECT_GE(b.xbars_used, 1.0);
    }
  }
}

TEST(ImcCrossbar, Area) {
  const AnalyticalModel model;
  const AreaTable t;
  AccelParams a = isaac_like();
  AccelParams digital = a;
  digital.dataflow = Dataflow::weight_stationary;
  // 1024 crossbars of 128 x 128 with one 8-bit ADC each, on top of the digital part.
  EXPECT_DOUBLE_EQ(model.area_mm2(a), model.area_mm2(digital) + 1024 * (t.xbar_mm2 + t.adc_mm2));
  AccelParams more = a;
  more.adc_bits = 10; // 4x the ADC area
  EXPECT_DOUBLE_EQ(model.area_mm2(more),
                   model.area_mm2(digital) + 1024 * (t.xbar_mm2 + 4 * t.adc_mm2));
  more = a;
  more.xbars *= 2;
  EXPECT_GT(model.area_mm2(more), model.area_mm2(a));
  more = a;
  more.adcs_per_xbar = 8;
  EXPECT_GT(model.area_mm2(more), model.area_mm2(a));
  // Crossbar fields do not change a digital accelerator's area.
  more = digital;
  more.xbars *= 4;
  EXPECT_EQ(model.area_mm2(more), model.area_mm2(digital));
}

TEST(ImcCrossbar, NetworkTermReloadsTheWeightsBeyondTheCells) {
  const AnalyticalModel model;
  EXPECT_EQ(model.network_term_kind(), NetworkTermKind::nondecreasing_in_params);
  AccelParams a = isaac_like();
  const NetworkTerm term = model.network_term(a);
  // 1024 crossbars x 16384 cells / 4 cells per 8-bit weight.
  EXPECT_EQ(term.free_params, 1024.0 * 16384 / 4);
  EXPECT_EQ(term.at(4194304.0).cycles, 0.0);
  EXPECT_EQ(term.at(1000.0).energy_j, 0.0);
  const EnergyTable e;
  const LayerCost over = term.at(4194304.0 + 1600);
  EXPECT_EQ(over.cycles, 1600.0 / 16);
  EXPECT_DOUBLE_EQ(over.energy_j, 1600 * (e.dram_pj_per_byte + e.l2_pj_per_byte) * 1e-12);
  // Nondecreasing in params; zero for the digital dataflows.
  double last = 0;
  for (double p = 0; p < 2e7; p += 1e5) {
    EXPECT_GE(term.at(p).cycles, last);
    last = term.at(p).cycles;
  }
  a.dataflow = Dataflow::row_stationary;
  EXPECT_TRUE(model.network_term(a).is_zero());
  EXPECT_EQ(model.network_term(a).at(1e12).cycles, 0.0);
  // 16-bit weights on 2-bit cells: 8 cells each, half as many weights fit.
  a = isaac_like();
  a.weight_bits = 16;
  EXPECT_EQ(model.network_term(a).free_params, 1024.0 * 16384 / 8);
}

TEST(ImcCrossbar, FieldRanges) {
  AccelParams a = isaac_like();
  EXPECT_FALSE(crossbar_field_error(a));
  a.adcs_per_xbar = 129;
  auto error = crossbar_field_error(a);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->first, "adcs_per_xbar");
  a = isaac_like();
  a.cell_bits = 0;
  EXPECT_EQ(crossbar_field_error(a)->first, "cell_bits");
  EXPECT_EQ(parse_dataflow("imc_crossbar"), Dataflow::imc_crossbar);
  EXPECT_EQ(to_string(Dataflow::imc_crossbar), "imc_crossbar");
}

} // namespace
} // namespace coscan::costmodel

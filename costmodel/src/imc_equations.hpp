#pragma once
// The in-memory crossbar dataflow (ISAAC/PUMA-like): each group's weight matrix (Cg·R·S rows x
// Kg output channels) is bit-sliced over crossbar columns and stays resident; input vectors
// (im2col) are streamed in bit-serially through 1-bit DACs; every read's bit-line currents go
// through the crossbar's ADCs, which bound the read time. Called by the scalar and the batched
// path alike; docs/costmodel.md derives each line.
#include "equation_basics.hpp"
#include "exact_rounding.hpp"
#include "layer_terms.hpp"

#include <coscan/costmodel/analytical_model.hpp>

#include <algorithm>

namespace coscan::costmodel::detail {

/// A 128 x 128 crossbar: the size the energy and area defaults are quoted for (ISAAC).
inline constexpr double kReferenceCells = 128.0 * 128.0;

/// The crossbar fields of an accelerator, as doubles (AccelBlock's layout), with 2^adc_bits and
/// 2^cell_bits precomputed once per accelerator (exact powers of two, computed alike on both
/// paths).
struct CrossbarScalars {
  double rows, cols, xbars, cell_bits, weight_bits, adc_bits, adcs;
  double adc_levels, cell_levels; ///< 2^adc_bits, 2^cell_bits
};

/// How a layer maps onto the crossbars: the mapping and its read and conversion counts.
struct CrossbarMapping {
  double slices;      ///< cells per weight: ceil(weight_bits / cell_bits)
  double row_tiles;   ///< crossbars stacked over a group's Cg·R·S rows (partial sums added)
  double needed;      ///< crossbars the layer's weights occupy
  double waves;       ///< passes when the layer needs more crossbars than the chip has
  double used_rows;   ///< word lines used in the fullest crossbar
  double used_cols;   ///< bit lines used in the fullest crossbar
  double active_rows; ///< word lines driven per read (at most what the ADC resolves losslessly)
  double row_groups;  ///< reads per input bit to cover used_rows
  double read_cycles; ///< cycles per read: used_cols conversions over the crossbar's ADCs
  double compute_cycles;
  double reads;       ///< crossbar reads (all crossbars)
  double conversions; ///< ADC conversions (all crossbars)
};

inline CrossbarMapping crossbar_mapping(const LayerTerms &t, const CrossbarScalars &x,
                                        double input_bits) {
  CrossbarMapping m;
  m.slices = ceil_nonneg(x.weight_bits / x.cell_bits);
  const double wrows = t.cg * t.r * t.s;
  const double wcols = t.kg * m.slices;
  // Groups smaller than a crossbar are packed block-diagonally (depthwise layers).
  const double groups_per_xbar = std::max(
      1.0, std::min(t.g, std::min(floor_nonneg(x.rows / wrows), floor_nonneg(x.cols / wcols))));
  m.row_tiles = ceil_nonneg(wrows / x.rows);
  const double col_tiles = ceil_nonneg(wcols / x.cols);
  m.needed = ceil_nonneg(t.g / groups_per_xbar) * m.row_tiles * col_tiles;
  m.waves = ceil_nonneg(m.needed / x.xbars);
  m.used_rows = std::min(x.rows, groups_per_xbar * wrows);
  m.used_cols = std::min(x.cols, groups_per_xbar * wcols);
  // A bit line sums active_rows products of a 1-bit input and a cell_bits cell: the ADC resolves
  // the sum without loss when active_rows · (2^cell_bits - 1) <= 2^adc_bits - 1.
  const double lossless_rows =
      std::max(1.0, floor_nonneg((x.adc_levels - 1.0) / (x.cell_levels - 1.0)));
  m.active_rows = std::min(m.used_rows, lossless_rows);
  m.row_groups = ceil_nonneg(m.used_rows / lossless_rows);
  m.read_cycles = ceil_nonneg(m.used_cols / x.adcs);
  const double vectors = t.n * t.yo * t.xo;
  const double reads_per_xbar = vectors * input_bits * m.row_groups;
  // The crossbars of a wave read in parallel; the waves follow one another.
  m.compute_cycles = m.waves * reads_per_xbar * m.read_cycles;
  m.reads = m.needed * reads_per_xbar;
  // Every weight column slice is converted once per read of its crossbar, in every row tile.
  m.conversions = reads_per_xbar * (t.k * m.slices * m.row_tiles);
  return m;
}

/// One layer's cost on a crossbar accelerator, term by term (LayerBreakdown's fields).
inline LayerBreakdown crossbar_breakdown(const LayerTerms &t, const AccelScalars &a,
                                         const CrossbarScalars &x, const EnergyTable &e) {
  const double bytes = a.data_bits / 8.0;
  const CrossbarMapping m = crossbar_mapping(t, x, a.data_bits);
  // Inputs go to the crossbars' input registers once per use (im2col: R·S/stride^2 uses each);
  // partial sums of stacked row tiles leave, and all but the first come back to be added.
  const double noc = (t.input * t.tap_reuse_2d + t.output * (2.0 * m.row_tiles - 1.0)) * bytes;
  // Weights stay in the crossbars (reloading them is the per-network term). Inputs and outputs
  // cross DRAM once when they fit the buffer; inputs are re-read per use when they do not
  // (linearly in between, as for L1).
  const double l2_bytes = a.l2_kib * 1024.0;
  const double footprint = (t.input + t.output) * bytes;
  const double dram =
      t.input * bytes * l1_refetch(t.tap_reuse_2d, l2_bytes, footprint) + t.output * bytes;
  LayerBreakdown b;
  b.compute_cycles = m.compute_cycles;
  b.noc_cycles = noc / a.noc_bw;
  b.dram_cycles = dram / a.offchip_bw;
  b.prologue_cycles = t.first_input_rows * bytes / a.offchip_bw;
  b.cycles = std::max(b.compute_cycles, std::max(b.noc_cycles, b.dram_cycles)) + b.prologue_cycles;
  // The share of the occupied crossbars' cells that hold weights.
  b.utilisation = t.weight * m.slices / (m.needed * (x.rows * x.cols));
  b.l1_bytes = noc;
  b.noc_bytes = noc;
  b.l2_bytes = dram + noc;
  b.dram_bytes = dram;
  // Digital shift-and-add of every conversion; ADC energy doubles per bit (Walden figure of
  // merit); a read's energy scales with the cells it drives.
  b.mac_j = m.conversions * e.alu_op_pj * bytes * 1e-12;
  b.l1_j = b.l1_bytes * e.l1_pj_per_byte * 1e-12;
  b.noc_j = b.noc_bytes * e.noc_pj_per_byte * 1e-12;
  b.l2_j = b.l2_bytes * e.l2_pj_per_byte * 1e-12;
  b.dram_j = b.dram_bytes * e.dram_pj_per_byte * 1e-12;
  b.adc_j = m.conversions * (e.adc_pj * x.adc_levels / 256.0) * 1e-12;
  b.xbar_j = m.reads * (e.xbar_read_pj * (m.active_rows * m.used_cols / kReferenceCells)) * 1e-12;
  b.energy_j = (((((b.mac_j + b.l1_j) + b.noc_j) + b.l2_j) + b.dram_j) + b.adc_j) + b.xbar_j;
  b.xbars_used = m.needed;
  b.adc_conversions = m.conversions;
  return b;
}

/// The per-network reload term of a crossbar accelerator: the crossbars pin as many weights as
/// their cells hold; the rest are read from DRAM on every inference.
inline NetworkTerm crossbar_network_term(const AccelScalars &a, const CrossbarScalars &x,
                                         const EnergyTable &e) {
  const double slices = ceil_nonneg(x.weight_bits / x.cell_bits);
  const double weight_bytes = x.weight_bits / 8.0;
  NetworkTerm term;
  term.free_params = floor_nonneg(x.xbars * (x.rows * x.cols) / slices);
  term.cycles_per_param = weight_bytes / a.offchip_bw;
  term.joules_per_param = weight_bytes * (e.dram_pj_per_byte + e.l2_pj_per_byte) * 1e-12;
  return term;
}

} // namespace coscan::costmodel::detail

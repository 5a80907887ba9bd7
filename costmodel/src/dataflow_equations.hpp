#pragma once
// The analytical model's equations, written once as inline functions over doubles and called by
// both the scalar reference path and the batched SIMD path, so the two agree to the last bit
// (the project compiles with -ffp-contract=off). docs/costmodel.md derives each line.
#include "equation_basics.hpp"
#include "exact_rounding.hpp"
#include "imc_equations.hpp"
#include "layer_terms.hpp"

#include <coscan/costmodel/analytical_model.hpp>

#include <algorithm>

namespace coscan::costmodel::detail {

/// What a dataflow's spatial mapping decides: compute time, array traffic, and which operand is
/// kept in the global buffer (stationary) while the other is streamed past it.
struct MappingCounts {
  double compute_cycles;
  double noc_elems;        ///< elements over the NoC (a multicast counted once)
  double stationary_elems; ///< operand chunked into L2 when the layer does not fit
  double streaming_elems;  ///< operand re-read from DRAM once per chunk of the stationary one
};

/// Weight stationary (NVDLA-like): C/g x K/g weights over rows x cols; groups packed
/// block-diagonally when a group's block is smaller than the array, otherwise temporal.
inline MappingCounts weight_stationary_counts(const LayerTerms &t, const AccelScalars &a) {
  const double bytes = a.data_bits / 8.0;
  const double fold_c = ceil_nonneg(t.cg / a.rows);
  const double fold_k = ceil_nonneg(t.kg / a.cols);
  const double groups_per_pass =
      std::max(1.0, std::min(floor_nonneg(a.rows / t.cg), floor_nonneg(a.cols / t.kg)));
  const double compute =
      ceil_nonneg(t.g / groups_per_pass) * fold_c * fold_k * (t.r * t.s * t.n * t.yo * t.xo);
  // In-PE reuse needs the PE's R x S filter and one input row window of S.
  const double need = (t.r * t.s + t.s) * bytes;
  const double noc = t.weight + t.input * fold_k * l1_refetch(t.tap_reuse_2d, a.l1_bytes, need) +
                     t.output * (2.0 * fold_c - 1.0);
  return {compute, noc, t.weight, t.input};
}

/// Output stationary (ShiDianNao-like): output rows x output columns over rows x cols; when an
/// output plane is smaller than the array, several output channels' planes share it.
inline MappingCounts output_stationary_counts(const LayerTerms &t, const AccelScalars &a) {
  const double bytes = a.data_bits / 8.0;
  const double planes_per_pass =
      std::max(1.0, floor_nonneg(a.rows / t.yo)) * std::max(1.0, floor_nonneg(a.cols / t.xo));
  const double tiles = ceil_nonneg(t.yo / a.rows) * ceil_nonneg(t.xo / a.cols);
  const double compute = ceil_nonneg(t.n * t.k / planes_per_pass) * tiles * (t.cg * t.r * t.s);
  // In-PE reuse (sliding the window, passing inputs to neighbours) needs an R x S window and
  // the partial sum.
  const double need = (t.r * t.s + 1.0) * bytes;
  const double noc =
      t.weight * t.n * tiles +
      t.input * ceil_nonneg(t.kg / planes_per_pass) * l1_refetch(t.tap_reuse_2d, a.l1_bytes, need) +
      t.output;
  return {compute, noc, t.output, t.weight};
}

/// Row stationary (Eyeriss-like): filter rows x output rows over rows x cols; the R-row PE set
/// is replicated floor(rows / R) times over output channels, and each PE interleaves the rows of
/// as many filters as its L1 holds (Eyeriss's p), so an input row sent once serves
/// replicas x p output channels.
inline MappingCounts row_stationary_counts(const LayerTerms &t, const AccelScalars &a) {
  const double bytes = a.data_bits / 8.0;
  const double replicas = std::max(1.0, floor_nonneg(a.rows / t.r));
  const double fold_r = ceil_nonneg(t.r / a.rows);
  const double fold_y = ceil_nonneg(t.yo / a.cols);
  const double compute = t.n * ceil_nonneg(t.k / replicas) * fold_r * fold_y * (t.cg * t.s * t.xo);
  // A PE holds p filter rows (S each), an input window (S) and p partial sums.
  const double need = (2.0 * t.s + 1.0) * bytes;
  const double filters_per_pe =
      std::min(std::max(1.0, floor_nonneg(std::max(0.0, a.l1_bytes / bytes - t.s) / (t.s + 1.0))),
               std::max(1.0, ceil_nonneg(t.kg / replicas)));
  const double noc = t.weight * t.n * fold_y +
                     t.input * ceil_nonneg(t.kg / (replicas * filters_per_pe)) * fold_r *
                         l1_refetch(t.tap_reuse_1d, a.l1_bytes, need) +
                     t.output * (2.0 * fold_r - 1.0);
  return {compute, noc, t.input, t.weight};
}

/// Pool and add: one element op per PE per cycle, every element over the NoC once.
inline MappingCounts elementwise_counts(const LayerTerms &t, const AccelScalars &a) {
  return {ceil_nonneg(t.ops / (a.rows * a.cols)), t.input + t.output, 0.0, 0.0};
}

/// Bytes moved at each level of the memory hierarchy for one layer.
struct Traffic {
  double dram, l2, noc, l1;
};

inline Traffic traffic_of(const LayerTerms &t, const AccelScalars &a, const MappingCounts &m) {
  const double bytes = a.data_bits / 8.0;
  const double l2_bytes = a.l2_kib * 1024.0;
  const double footprint = (t.weight + t.input + t.output) * bytes;
  // Not fitting L2: half of it holds a chunk of the stationary operand, the other half double
  // buffers the streamed one, which is re-read from DRAM once per chunk.
  const double chunks = std::max(1.0, ceil_nonneg(m.stationary_elems * bytes / (0.5 * l2_bytes)));
  const double passes = footprint <= l2_bytes ? 1.0 : chunks;
  const double dram = footprint + (passes - 1.0) * m.streaming_elems * bytes;
  const double noc = m.noc_elems * bytes;
  // Every DRAM byte is written to or read from L2 once, and so is every NoC byte; every NoC
  // byte is also written to L1 once, besides the operand accesses of each op.
  const double l2 = dram + noc;
  const double l1 = t.ops * t.l1_accesses_per_op * bytes + noc;
  return {dram, l2, noc, l1};
}

/// Every term of a layer's cost from a mapping and its traffic: shared by every dataflow. The
/// latency and the energy are sums of these terms in a fixed order, so a breakdown adds up to
/// the cost exactly.
inline LayerBreakdown breakdown_of(const LayerTerms &t, const AccelScalars &a,
                                   const MappingCounts &m, const EnergyTable &e) {
  const double bytes = a.data_bits / 8.0;
  const Traffic tr = traffic_of(t, a, m);
  LayerBreakdown b;
  b.compute_cycles = m.compute_cycles;
  b.noc_cycles = tr.noc / a.noc_bw;
  b.dram_cycles = tr.dram / a.offchip_bw;
  // Double buffering overlaps compute, NoC and DRAM; only the first tile is exposed.
  b.prologue_cycles = t.prologue_elems * bytes / a.offchip_bw;
  b.cycles = std::max(b.compute_cycles, std::max(b.noc_cycles, b.dram_cycles)) + b.prologue_cycles;
  b.utilisation = t.ops / (m.compute_cycles * (a.rows * a.cols));
  b.l1_bytes = tr.l1;
  b.noc_bytes = tr.noc;
  b.l2_bytes = tr.l2;
  b.dram_bytes = tr.dram;
  // Multiplier energy grows with the square of the width, adder energy linearly.
  b.mac_j = (t.macs * e.mac_pj * (bytes * bytes) + t.alu_ops * e.alu_op_pj * bytes) * 1e-12;
  b.l1_j = tr.l1 * e.l1_pj_per_byte * 1e-12;
  b.noc_j = tr.noc * e.noc_pj_per_byte * 1e-12;
  b.l2_j = tr.l2 * e.l2_pj_per_byte * 1e-12;
  b.dram_j = tr.dram * e.dram_pj_per_byte * 1e-12;
  b.energy_j = (((b.mac_j + b.l1_j) + b.noc_j) + b.l2_j) + b.dram_j;
  return b;
}

/// Latency and energy from a mapping and its traffic: shared by every dataflow.
inline LayerCost finish_cost(const LayerTerms &t, const AccelScalars &a, const MappingCounts &m,
                             const EnergyTable &e) {
  const LayerBreakdown b = breakdown_of(t, a, m, e);
  return {b.cycles, b.energy_j};
}

/// The kinds of per-accelerator kernel: one per dataflow, and one for element-wise layers
/// (which ignore the dataflow: a crossbar accelerator runs them on its digital unit).
enum class Kernel {
  weight_stationary,
  output_stationary,
  row_stationary,
  imc_crossbar,
  elementwise
};

template <Kernel K> inline MappingCounts kernel_counts(const LayerTerms &t, const AccelScalars &a) {
  if constexpr (K == Kernel::weight_stationary)
    return weight_stationary_counts(t, a);
  else if constexpr (K == Kernel::output_stationary)
    return output_stationary_counts(t, a);
  else if constexpr (K == Kernel::row_stationary)
    return row_stationary_counts(t, a);
  else
    return elementwise_counts(t, a);
}

template <Kernel K>
inline LayerBreakdown kernel_breakdown(const LayerTerms &t, const AccelScalars &a,
                                       const CrossbarScalars &x, const EnergyTable &e) {
  if constexpr (K == Kernel::imc_crossbar)
    return crossbar_breakdown(t, a, x, e);
  else
    return breakdown_of(t, a, kernel_counts<K>(t, a), e);
}

template <Kernel K>
inline LayerCost kernel_cost(const LayerTerms &t, const AccelScalars &a, const CrossbarScalars &x,
                             const EnergyTable &e) {
  if constexpr (K == Kernel::imc_crossbar) {
    const LayerBreakdown b = crossbar_breakdown(t, a, x, e);
    return {b.cycles, b.energy_j};
  } else {
    return finish_cost(t, a, kernel_counts<K>(t, a), e);
  }
}

inline Kernel kernel_for(const LayerTerms &t, Dataflow dataflow) {
  if (t.elementwise)
    return Kernel::elementwise;
  switch (dataflow) {
  case Dataflow::weight_stationary:
    return Kernel::weight_stationary;
  case Dataflow::output_stationary:
    return Kernel::output_stationary;
  case Dataflow::row_stationary:
    return Kernel::row_stationary;
  case Dataflow::imc_crossbar:
    return Kernel::imc_crossbar;
  }
  return Kernel::weight_stationary;
}

} // namespace coscan::costmodel::detail

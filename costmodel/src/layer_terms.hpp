#pragma once
// The layer-dependent quantities of the analytical model, converted to doubles once per layer so
// that the per-accelerator equations are pure double arithmetic.
#include <coscan/costmodel/layer_shape.hpp>

#include <algorithm>

namespace coscan::costmodel::detail {

struct LayerTerms {
  bool elementwise = false;   ///< pool or add: element ops, no weights, no spatial mapping
  double n = 1, k = 1, g = 1; ///< batch, output channels, groups
  double cg = 1, kg = 1;      ///< input and output channels per group
  double r = 1, s = 1;        ///< filter height and width
  double yo = 1, xo = 1;      ///< output height and width
  double macs = 0;            ///< multiply-accumulates (conv, depthwise, fc)
  double alu_ops = 0;         ///< comparisons / adds (pool, add)
  double ops = 0;             ///< macs + alu_ops
  double weight = 0, input = 0, output = 0; ///< tensor sizes in elements
  double l1_accesses_per_op = 0;            ///< L1 element accesses per op (operands + psum)
  double tap_reuse_2d = 1;     ///< uses of an input element by one filter: max(1, R*S / stride^2)
  double tap_reuse_1d = 1;     ///< uses of an input element by one filter row: max(1, S / stride)
  double prologue_elems = 0;   ///< elements loaded from DRAM before the pipeline starts
  double first_input_rows = 0; ///< the R input rows the first output row needs (all channels)
};

inline LayerTerms make_layer_terms(const LayerShape &l) {
  LayerTerms t;
  t.elementwise = l.type == LayerType::pool || l.type == LayerType::add;
  t.n = static_cast<double>(l.n);
  t.k = static_cast<double>(l.k);
  t.g = static_cast<double>(l.groups);
  t.cg = static_cast<double>(l.c / l.groups);
  t.kg = static_cast<double>(l.k / l.groups);
  t.r = static_cast<double>(l.r);
  t.s = static_cast<double>(l.s);
  t.yo = static_cast<double>(l.out_y());
  t.xo = static_cast<double>(l.out_x());
  t.macs = static_cast<double>(l.macs());
  t.ops = static_cast<double>(l.ops());
  t.alu_ops = t.ops - t.macs;
  t.weight = static_cast<double>(l.weight_elems());
  t.input = static_cast<double>(l.input_elems());
  t.output = static_cast<double>(l.output_elems());
  // A MAC reads a weight, an input and a partial sum and writes the partial sum; a pool op reads
  // an input and updates an accumulator; an add reads two inputs and writes one output.
  t.l1_accesses_per_op = t.elementwise ? 3.0 : 4.0;
  const double stride = static_cast<double>(l.stride);
  t.tap_reuse_2d = std::max(1.0, t.r * t.s / (stride * stride));
  t.tap_reuse_1d = std::max(1.0, t.s / stride);
  // The first tile: one output channel's filter and the R input rows (all channels, all batch
  // items) that the first output row needs. It depends on the layer only, so more PEs or more L2
  // never lengthen the prologue.
  const double input_rows = t.input / static_cast<double>(l.y) * t.r;
  const double filter = t.k > 0 ? t.weight / t.k : 0.0;
  t.prologue_elems = std::min(t.weight + t.input + t.output, filter + input_rows);
  t.first_input_rows = std::min(t.input, input_rows);
  return t;
}

} // namespace coscan::costmodel::detail
